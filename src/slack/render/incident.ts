import { minutesBetween } from '../../core/oncall/incidents.js';
import type { Incident, Severity, VmRef } from '../../core/oncall/schema.js';
import { context, header, message, type SlackMessage, section, sections } from './blocks.js';
import { code, escapeText, slackDate } from './escape.js';
import { limitList } from './limits.js';

const ICON: Record<Severity, string> = {
  io_lost: ':red_circle:',
  single_replica: ':large_orange_circle:',
  degraded: ':large_yellow_circle:',
  info: ':large_blue_circle:',
};
const LABEL: Record<Severity, string> = {
  io_lost: 'I/O lost',
  single_replica: 'single replica',
  degraded: 'degraded',
  info: 'info',
};
/** VMs named per class in the channel message; `/blockops incident <id>` lists them all. */
const NAMED = 5;
const SUBTEAM = /^S[A-Z0-9]{2,}$/;

function vmList(vms: VmRef[], max: number): string {
  const { shown, hidden } = limitList(vms, max);
  const names = shown.map((v) => code(v.name || v.id)).join(', ');
  return hidden ? `${names} and ${hidden} more` : names;
}

function blastLines(i: Incident, max: number): string[] {
  const b = i.blast_radius;
  if (!b) return [];
  const n = (x: number) => `*${x.toLocaleString('en-US')}*`;
  const lines = [
    `${n(b.io_lost.length)} VMs without I/O · ${n(b.failed_over.length)} failed over · ` +
      `${n(b.single_replica.length)} on a single replica · ${n(b.volumes.affected)} volumes affected` +
      (b.image_volumes.length ? ` · ${n(b.image_volumes.length)} image volumes` : '') +
      (b.unattached_volumes.count ? ` · ${n(b.unattached_volumes.count)} unattached` : ''),
  ];
  if (b.io_lost.length) lines.push(`:no_entry: *Without I/O:* ${vmList(b.io_lost, max)}`);
  if (b.single_replica.length) lines.push(`:warning: *On a single replica:* ${vmList(b.single_replica, max)}`);
  if (b.failed_over.length) lines.push(`:arrows_counterclockwise: *Failed over:* ${vmList(b.failed_over, max)}`);
  if (b.image_volumes.length)
    lines.push(
      `*Image volumes:* ${vmList(
        b.image_volumes.map((id) => ({ id, name: id, volumes: [] })),
        max,
      )}`,
    );
  return lines;
}

/**
 * The one channel message of an incident: what failed and since when, the severity, the blast radius in numbers
 * with the worst VMs named, which nodes now serve; once resolved, how long it lasted and its timeline.
 */
export function renderIncident(i: Incident, opts: { mention?: string | undefined; now?: Date } = {}): SlackMessage {
  const resolved = i.status === 'resolved';
  const title = resolved
    ? `Resolved after ${minutesBetween(i.opened_at, i.resolved_at ?? i.updated_at)}: ${i.title}`
    : `${LABEL[i.severity]}: ${i.title}`;
  const icon = resolved ? ':white_check_mark:' : ICON[i.severity];
  const mention =
    !resolved && i.severity === 'io_lost' && opts.mention && SUBTEAM.test(opts.mention)
      ? `<!subteam^${opts.mention}> `
      : '';
  const facts = resolved
    ? [
        `${icon} *Resolved* ${slackDate(i.resolved_at ?? i.updated_at)}, opened ${slackDate(i.opened_at)} · worst: *${escapeText(LABEL[i.peak_severity])}*`,
      ]
    : [
        `${mention}${icon} *${escapeText(LABEL[i.severity])}* since ${slackDate(i.opened_at)}` +
          (i.peak_severity !== i.severity ? ` (worst: ${escapeText(LABEL[i.peak_severity])})` : ''),
        i.serving_nodes.length ? `*Now served by:* ${i.serving_nodes.map(escapeText).join(', ')}` : '',
        i.blast_radius ? '' : escapeText(i.summary),
      ].filter(Boolean);
  const blast = blastLines(i, NAMED);
  const blocks = [
    header(title),
    section(facts.join('\n')),
    ...(resolved ? (blast[0] ? [section(`Before recovery: ${blast[0]}`)] : []) : sections(blast)),
  ];
  if (resolved) {
    const { shown, hidden } = limitList(i.timeline.slice().reverse(), 15);
    const lines = shown.reverse().map((e) => `• ${slackDate(e.at)} ${escapeText(e.text)}`);
    blocks.push(
      section(`*Timeline*${hidden ? ` (last ${shown.length} of ${shown.length + hidden})` : ''}\n${lines.join('\n')}`),
    );
  }
  blocks.push(context(`Incident ${code(i.id)} · full list: \`/blockops incident ${escapeText(i.id)}\``));
  return message(escapeText(`${resolved ? 'Resolved' : LABEL[i.severity]}: ${i.title} (${i.id})`), blocks);
}

/** `/blockops incident <id>`: the same message with every VM named and the whole timeline. */
export function renderIncidentInFull(i: Incident): SlackMessage {
  const short = renderIncident(i);
  const timeline = i.timeline.map((e) => `• ${slackDate(e.at)} ${escapeText(e.text)}`);
  return message(short.text, [
    short.blocks[0]!,
    short.blocks[1]!,
    ...sections(blastLines(i, 1000)),
    ...sections(['*Timeline*', ...timeline]),
  ]);
}

/** A thread entry: the transitions of one cycle. */
export function renderTransitionLines(lines: string[]): SlackMessage {
  const text = lines.map((l) => `• ${escapeText(l)}`).join('\n');
  return message(escapeText(lines.join('; ')), [section(text)]);
}
