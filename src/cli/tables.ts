import type { z } from 'zod';
import type { assessImagesOutput } from '../core/adoption/assess-schema.js';
import { showControls } from '../core/cloud/names.js';

type AssessOutput = z.output<typeof assessImagesOutput>;

const GiB = 1024 ** 3;
const gib = (n: number | undefined) => (n === undefined ? '-' : (n / GiB).toFixed(2));

/** Columns padded to their widest cell; cells come from the cloud, so control characters are shown escaped. */
export function table(headers: string[], rows: string[][]): string {
  const cells = [headers, ...rows].map((r) => r.map((c) => showControls(c)));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `blockops assess-images` for people: one row per image, then the fleet summary. */
export function assessTable(o: AssessOutput): string {
  const rows = o.images.map((i) => [
    i.name || '(no name)',
    i.image_id,
    `${i.disk_format ?? '?'}/${i.container_format ?? '?'}`,
    i.stores.join(',') || '-',
    gib(i.size_bytes),
    i.predicted_path,
    i.failing.map((f) => f.id).join(',') || '-',
    String(i.volumes_made),
    i.route,
  ]);
  const s = o.summary;
  const reasons = Object.entries(s.will_copy_by_reason).map(([k, n]) => `${k}=${n}`);
  const lines = [
    table(['NAME', 'ID', 'FORMAT', 'STORES', 'GiB', 'PATH', 'FAILING', 'VOLUMES', 'ROUTE'], rows),
    ...(o.truncated ? [`… more images not listed (raise --limit); the summary covers all ${s.images}.`] : []),
    '',
    `ready for block clones: ${s.ready} of ${s.images}; will copy: ${s.will_copy}${reasons.length ? ` (${reasons.join(', ')})` : ''}`,
    `in the file store: ${gib(s.file_store_bytes)} GiB; copies so far: ${s.copy_cost.volumes_made} volume(s), ` +
      `${gib(s.copy_cost.bytes)} GiB, ~${s.copy_cost.estimated_seconds} s at ${s.copy_cost.throughput_mib_s} MiB/s`,
    ...s.notes.map((n) => `note: ${n}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** Operations with a table of their own for people; the others print YAML. */
export const TABLES: Record<string, (output: unknown) => string> = {
  assess_images: (o) => assessTable(o as AssessOutput),
};
