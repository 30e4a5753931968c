import type { LaunchServerOutput } from '../../core/launch/schema.js';
import { context, header, message, type SlackMessage, sections } from './blocks.js';
import { code, escapeText } from './escape.js';
import { duration, pathVerdict } from './format.js';

type Address = { network: string; addr: string };

/** Addresses in words, or "no network" for a server launched with network=none. */
export function addressText(addresses: Address[]): string {
  if (!addresses.length) return 'no network';
  return addresses.map((a) => `${a.addr} (${a.network})`).join(', ');
}

/** The result of launch_server: each server with its addresses and boot volume, the failures, and the clone path. */
export function renderLaunch(out: LaunchServerOutput): SlackMessage {
  const ok = out.servers.map(
    (s) =>
      `:white_check_mark: *${escapeText(s.name)}* ${escapeText(s.status)} · ${escapeText(addressText(s.addresses))}\n` +
      `      server ${code(s.server_id)} · boot volume ${code(s.volume_id)} · clone ${duration(s.clone_ms)}, boot ${duration(s.boot_ms)}`,
  );
  const failed = out.failures.map(
    (f) =>
      `:x: *${escapeText(f.name)}* failed at ${f.step}: ${escapeText(f.error.message)}` +
      (f.volume_id ? ` (volume ${code(f.volume_id)} ${f.volume_kept ? 'kept' : 'deleted'})` : ''),
  );
  const blocks = [
    header(`Launched ${out.servers.length} server(s)${out.failures.length ? `, ${out.failures.length} failed` : ''}`),
    ...sections([...ok, ...failed]),
    ...sections([`${pathVerdict(out.path)}\n${escapeText(out.path_evidence)}`]),
  ];
  if (out.advice.length) blocks.push(...sections(out.advice.map((a) => `:bulb: ${escapeText(a)}`)));
  blocks.push(context(`Took ${duration(out.duration_ms)}.`));
  const text = out.servers.map(
    (s) => `${escapeText(s.name)} ${escapeText(s.status)} ${escapeText(addressText(s.addresses))}`,
  );
  return message(
    `Launched: ${text.join('; ') || 'none'}${out.failures.length ? `; ${out.failures.length} failed` : ''}`,
    blocks,
  );
}
