import type { UploadImageOutput } from '../../core/upload/schema.js';
import { context, header, message, type SlackMessage, sections } from './blocks.js';
import { code, escapeText } from './escape.js';
import { bytes, duration } from './format.js';

/** upload_image: the image, its checksums, and the verification verdict (block-native or not). */
export function renderUpload(out: UploadImageOutput): SlackMessage {
  const v = out.verification;
  const lines = [
    `:white_check_mark: Image *${escapeText(out.name)}* ${code(out.image_id)} ${escapeText(out.status)} — ` +
      `${escapeText(`${out.disk_format}/${out.container_format}`)}, ${bytes(out.size_bytes)}`,
    `Checksums ${out.checksums_match ? 'match' : 'not compared'} · ${duration(out.duration_ms)} at ${out.throughput_mib_s.toFixed(1)} MiB/s`,
    `Verification: *${escapeText(v.verdict)}* — ${escapeText(v.summary)}` +
      (v.volume_id ? `\nCinder volume ${code(v.volume_id)}` : ''),
  ];
  const blocks = [header(`Uploaded ${out.name}`), ...sections(lines)];
  if (out.notes.length) blocks.push(context(out.notes.map(escapeText).join('\n')));
  return message(`Uploaded ${escapeText(out.name)} (${escapeText(out.image_id)}): ${escapeText(v.verdict)}`, blocks);
}
