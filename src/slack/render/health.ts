import type { HealthOutput } from '../../core/health/schema.js';
import { context, header, message, type SlackMessage, sections } from './blocks.js';
import { escapeText, slackDate } from './escape.js';

const ICON = { healthy: ':large_green_circle:', degraded: ':large_yellow_circle:', down: ':red_circle:' } as const;

/** get_health: the verdict and its reasons, the Lightbits nodes and capacity, and services that are down. */
export function renderHealth(out: HealthOutput): SlackMessage {
  const lb = out.lightbits;
  const nodes = lb.nodes.map(
    (n) => `${n.healthy ? ':white_check_mark:' : ':x:'} ${escapeText(n.name)} ${escapeText(n.state)}`,
  );
  const down = [...out.cinder.services, ...out.nova.services]
    .filter((s) => s.state !== 'up')
    .map((s) => `:x: ${escapeText(s.binary)} on ${escapeText(s.host)} is ${escapeText(s.state)}`);
  const lines = [
    `${ICON[out.verdict]} *${out.verdict}*${out.emulated ? ' (emulator)' : ''}`,
    ...out.reasons.map((r) => `• ${escapeText(r)}`),
  ];
  const blocks = [header('Cloud health'), ...sections(lines)];
  if (nodes.length) blocks.push(...sections([`*Lightbits nodes*: ${nodes.join(' · ')}`]));
  if (lb.capacity) {
    blocks.push(
      ...sections([`*Capacity*: ${lb.capacity.used_percent.toFixed(1)}% used (${escapeText(lb.capacity.basis)})`]),
    );
  }
  if (lb.volumes) {
    blocks.push(...sections([`*Volumes not fully protected*: ${lb.volumes.not_fully_protected}`]));
  }
  if (down.length) blocks.push(...sections(down));
  blocks.push(context(`Checked ${slackDate(out.checked_at)}`));
  return message(
    `Health: ${out.verdict}${out.reasons.length ? ` — ${escapeText(out.reasons.join('; '))}` : ''}`,
    blocks,
  );
}
