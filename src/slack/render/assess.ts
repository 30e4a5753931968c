import type { z } from 'zod';
import type { assessImagesOutput } from '../../core/adoption/assess-schema.js';
import { context, header, message, type SlackMessage, sections } from './blocks.js';
import { code, escapeText } from './escape.js';
import { bytes, duration } from './format.js';

type AssessOutput = z.output<typeof assessImagesOutput>;

/** `/blockops assess-images`: the fleet's counts, then the top offenders with what adopt_image would do. */
export function renderAssess(o: AssessOutput): SlackMessage {
  const s = o.summary;
  const reasons = Object.entries(s.will_copy_by_reason).map(([k, n]) => `${code(k)} ${n}`);
  const routeOf = new Map(o.images.map((i) => [i.image_id, i.route]));
  const lines = [
    `*${s.ready}* of ${s.images} image(s) ready for block clones; *${s.will_copy}* will be copied` +
      `${reasons.length ? ` (${reasons.join(', ')})` : ''}.`,
    `File store: ${bytes(s.file_store_bytes)}. Copies so far: ${s.copy_cost.volumes_made} volume(s), ` +
      `${bytes(s.copy_cost.bytes)}, about ${duration(s.copy_cost.estimated_seconds * 1000)} of copying.`,
    ...s.top_offenders.map(
      (t) =>
        `• *${escapeText(t.name || '(no name)')}* ${code(t.image_id)}: ${escapeText(t.reasons.join(', '))}, ` +
        `${bytes(t.copy_cost_bytes)} copied; adopt: ${escapeText(routeOf.get(t.image_id) ?? 'see assess-images')}`,
    ),
  ];
  const blocks = [header('Image adoption: clone paths'), ...sections(lines)];
  for (const n of s.notes) blocks.push(context(escapeText(n)));
  return message(`${s.ready} ready, ${s.will_copy} will copy of ${s.images} image(s)`, blocks);
}
