import type { CloneImageOutput } from '../../core/clone/schema.js';
import { context, header, message, type SlackMessage, sections } from './blocks.js';
import { code, escapeText } from './escape.js';
import { duration, pathVerdict } from './format.js';

/** clone_image: the new volume and the fast-path verdict, with the evidence and advice. */
export function renderClone(out: CloneImageOutput): SlackMessage {
  const lines = [
    `:white_check_mark: Volume *${escapeText(out.name)}* ${code(out.volume_id)} ${escapeText(out.status)}, ` +
      `${out.size_gb} GB ${escapeText(out.volume_type)} from image ${escapeText(out.image_name)}`,
    `${pathVerdict(out.path)}\n${escapeText(out.path_evidence)}`,
  ];
  if (!out.prediction_matched)
    lines.push(`:warning: blockops predicted ${out.predicted_path}; Cinder took ${out.path}.`);
  const blocks = [header(`Cloned ${out.image_name}`), ...sections(lines)];
  if (out.advice.length) blocks.push(...sections(out.advice.map((a) => `:bulb: ${escapeText(a)}`)));
  blocks.push(context(`Took ${duration(out.duration_ms)}.`));
  return message(`Volume ${escapeText(out.name)} (${escapeText(out.volume_id)}) by ${out.path}`, blocks);
}
