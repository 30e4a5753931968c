import type { BootServerOutput } from '../../core/boot/schema.js';
import { context, header, message, type SlackMessage, sections } from './blocks.js';
import { code, escapeText } from './escape.js';
import { duration } from './format.js';
import { addressText } from './launch.js';

/** boot_server: the server, its addresses, and the boot volume. */
export function renderBoot(out: BootServerOutput): SlackMessage {
  const line =
    `:white_check_mark: *${escapeText(out.name)}* ${escapeText(out.status)} · ${escapeText(addressText(out.addresses))}\n` +
    `server ${code(out.server_id)} · boot volume ${code(out.volume_id)} · flavor ${escapeText(out.flavor)}`;
  return message(`${escapeText(out.name)} ${escapeText(out.status)} ${escapeText(addressText(out.addresses))}`, [
    header(`Booted ${out.name}`),
    ...sections([line]),
    context(`Took ${duration(out.duration_ms)}; states seen: ${escapeText(out.statuses_seen.join(' → '))}`),
  ]);
}
