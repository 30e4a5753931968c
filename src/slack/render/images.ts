import type { z } from 'zod';
import type { imageView } from '../../core/inventory/views.js';
import { context, header, message, type SlackMessage, sections } from './blocks.js';
import { code, escapeText } from './escape.js';
import { bytes } from './format.js';
import { limitList } from './limits.js';

type ImageView = z.infer<typeof imageView>;

const MAX_SHOWN = 60;

/** `/blockops images`: one line per image, names escaped, long lists cut with a count. */
export function renderImages(out: { images: ImageView[]; truncated: boolean }): SlackMessage {
  const { shown, hidden } = limitList(out.images, MAX_SHOWN);
  const lines = shown.map((i) => {
    const format = [i.disk_format, i.container_format].filter(Boolean).join('/');
    const where = i.stores.length ? i.stores.join(',') : 'no store';
    const detail = [i.status, format, bytes(i.size_bytes), where].filter(Boolean).join(' · ');
    return `• *${escapeText(i.name || '(no name)')}*  ${escapeText(detail)}  ${code(i.image_id)}`;
  });
  const more = hidden + (out.truncated ? 1 : 0);
  const blocks = [header(`Images (${out.images.length}${out.truncated ? '+' : ''})`), ...sections(lines)];
  if (!out.images.length) blocks.push(context('No images match.'));
  if (more)
    blocks.push(
      context(`…and ${hidden}${out.truncated ? '+' : ''} more not shown. Narrow with name=, status= or disk_format=.`),
    );
  const names = shown.map((i) => escapeText(i.name)).join(', ');
  return message(`${out.images.length} image(s): ${names}`, blocks);
}
