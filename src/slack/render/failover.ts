import type { FailoverOutput, VolumeFailover } from '../../core/failover/schema.js';
import { context, header, message, type SlackMessage, sections } from './blocks.js';
import { code, escapeText, slackDate } from './escape.js';
import { limitList } from './limits.js';

const ICON: Record<string, string> = {
  healthy: ':large_green_circle:',
  degraded: ':large_yellow_circle:',
  down: ':red_circle:',
  unknown: ':white_circle:',
  no_volumes: ':white_circle:',
};

function volumeLines(v: VolumeFailover): string {
  const lb = v.lightbits;
  const serving = lb.serving_node
    ? `served by *${escapeText(lb.serving_node.name)}*${lb.serving_node.source === 'derived' ? ' (derived)' : ''}` +
      (lb.serving_since ? ` since ${slackDate(lb.serving_since)}` : '')
    : 'no node serves I/O';
  const replicas = lb.replicas
    .map(
      (r) =>
        `${r.primary ? ':star: ' : ''}${escapeText(r.node_name)} ${escapeText(r.state)}${r.healthy ? '' : ' :warning:'}`,
    )
    .join(' · ');
  return [
    `${ICON[v.verdict] ?? ''} *${escapeText(v.cinder.name || v.cinder.id)}* ${code(v.cinder.id)} — ${serving}`,
    `      ${escapeText(lb.protection_state ?? lb.status)}${replicas ? ` · replicas: ${replicas}` : ''}`,
    `      ${escapeText(v.summary)}`,
  ].join('\n');
}

/** On-call view: the verdict first, then per volume which node serves I/O, replicas, protection, recent events. */
export function renderFailover(out: FailoverOutput): SlackMessage {
  const target = `${out.target.kind} ${out.target.name}`;
  const events = limitList(out.recent_events, 8);
  const eventLines = events.shown.map(
    (e) =>
      `• ${e.time ? slackDate(e.time) : ''} ${escapeText(e.severity)} ${escapeText(e.type)}` +
      `${e.node_name ? ` on ${escapeText(e.node_name)}` : ''}${e.description ? `: ${escapeText(e.description)}` : ''}`,
  );
  const blocks = [
    header(`Failover status: ${target}`),
    ...sections([`${ICON[out.verdict] ?? ''} *${escapeText(out.verdict)}* — ${escapeText(out.summary)}`]),
    ...sections(out.volumes.map(volumeLines)),
  ];
  if (eventLines.length) blocks.push(...sections([`*Recent events*`, ...eventLines]));
  if (events.hidden) blocks.push(context(`…and ${events.hidden} older events.`));
  if (out.notes.length) blocks.push(context(out.notes.map(escapeText).join('\n')));
  blocks.push(context(`Checked ${slackDate(out.checked_at)}`));
  return message(`${escapeText(target)}: ${escapeText(out.verdict)} — ${escapeText(out.summary)}`, blocks);
}
