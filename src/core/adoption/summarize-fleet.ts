import type { AssessedImage, FleetSummary } from './assess-schema.js';

const MiB = 1024 ** 2;
const TOP = 5;

/** The fleet view over every image assessed: ready vs will-copy by reason, file-store bytes, the copies' cost. */
export function summarizeFleet(
  images: readonly AssessedImage[],
  throughputMiBs: number,
  notes: string[],
): FleetSummary {
  const byReason: Record<string, number> = {};
  const byRoute: Record<string, number> = {};
  let ready = 0;
  let fileBytes = 0;
  let volumesMade = 0;
  let bytes = 0;
  for (const i of images) {
    byRoute[i.route] = (byRoute[i.route] ?? 0) + 1;
    if (i.predicted_path === 'block-clone') ready++;
    else {
      for (const f of i.failing) byReason[f.id] = (byReason[f.id] ?? 0) + 1;
      volumesMade += i.volumes_made;
      bytes += i.copy_cost_bytes;
    }
    if (i.stores.includes('file')) fileBytes += i.size_bytes ?? 0;
  }
  const top = mostCostly(images).slice(0, TOP);
  return {
    images: images.length,
    ready,
    will_copy: images.length - ready,
    will_copy_by_reason: byReason,
    by_route: byRoute,
    file_store_bytes: fileBytes,
    copy_cost: {
      volumes_made: volumesMade,
      bytes,
      estimated_seconds: Math.round(bytes / MiB / throughputMiBs),
      throughput_mib_s: throughputMiBs,
    },
    top_offenders: top
      .filter((i) => i.predicted_path === 'copy')
      .map((i) => ({
        image_id: i.image_id,
        name: i.name,
        copy_cost_bytes: i.copy_cost_bytes,
        reasons: i.failing.map((f) => f.id),
      })),
    notes,
  };
}

/** Will-copy images first, the costliest first; then by size, then name (stable for equal images). */
export function mostCostly(images: readonly AssessedImage[]): AssessedImage[] {
  const weight = (i: AssessedImage) => (i.predicted_path === 'copy' ? 1 : 0);
  return [...images].sort(
    (a, b) =>
      weight(b) - weight(a) ||
      b.copy_cost_bytes - a.copy_cost_bytes ||
      (b.size_bytes ?? 0) - (a.size_bytes ?? 0) ||
      a.name.localeCompare(b.name),
  );
}
