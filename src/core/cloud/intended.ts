import { collect } from '../../clients/openstack/paginate.js';
import { toOpsError } from '../errors/to-ops-error.js';
import type { Cloud } from './cloud.js';

/**
 * A job records the name of each volume, server or image it is about to create (`volume_name`, `server_name`,
 * `image_name`) before asking for it, and its id (`volume_id`…) once the cloud answered. A process that dies in
 * between leaves a name without an id: the resource may exist, and only its name can find it.
 */
const KINDS = ['volume', 'server', 'image'] as const;
type Kind = (typeof KINDS)[number];

interface Found {
  id: string;
  created_at: string | undefined;
}

/** What each name-without-an-id in a checkpoint (and in launch's per-server records) finds in the cloud now. */
export async function findIntended(
  cloud: () => Promise<Cloud>,
  checkpoint: Record<string, unknown>,
  startedAt: string | undefined,
): Promise<Record<string, unknown>[]> {
  const intents = intentsOf(checkpoint);
  if (!intents.length) return [];
  let c: Cloud;
  try {
    c = await cloud();
  } catch (e) {
    return intents.map(({ kind, name }) => unknown(kind, name, e));
  }
  return Promise.all(
    intents.map(async ({ kind, name }) => {
      try {
        const found = await byName(c, kind, name);
        // Created before the job started: someone else's with the same name. Times compared to the second, in UTC.
        const ours = found.filter(
          (f) => !startedAt || !f.created_at || f.created_at.slice(0, 19) >= startedAt.slice(0, 19),
        );
        return {
          [`${kind}_name`]: name,
          [`${kind}_ids`]: ours.map((f) => f.id),
          why: ours.length
            ? `blockops stopped while creating this ${kind}: delete it if nothing uses it`
            : `blockops stopped while creating this ${kind}; none by that name exists, so nothing was left`,
          ...(found.length > ours.length ? { older_with_that_name: found.length - ours.length } : {}),
        };
      } catch (e) {
        return unknown(kind, name, e);
      }
    }),
  );
}

function intentsOf(checkpoint: Record<string, unknown>): { kind: Kind; name: string }[] {
  const launched = checkpoint['launched'];
  const records = [
    checkpoint,
    ...(launched && typeof launched === 'object' ? Object.values(launched as Record<string, unknown>) : []),
  ];
  return records.flatMap((r) => {
    const rec = (r ?? {}) as Record<string, unknown>;
    return KINDS.flatMap((kind) => {
      const name = rec[`${kind}_name`];
      return typeof name === 'string' && rec[`${kind}_id`] === undefined ? [{ kind, name }] : [];
    });
  });
}

async function byName(cloud: Cloud, kind: Kind, name: string): Promise<Found[]> {
  const { volume, compute, image } = cloud.openstack;
  const list =
    kind === 'volume'
      ? await collect(volume.listVolumes({ name }))
      : kind === 'server'
        ? await collect(compute.listServers({ name: `^${escapeRegExp(name)}$` }))
        : await collect(image.listImages({ name }));
  // Nova's name filter is a pattern and some clouds ignore filters: keep exact matches only.
  return list.filter((r) => r.name === name).map((r) => ({ id: r.id, created_at: r.createdAt }));
}

function unknown(kind: Kind, name: string, e: unknown): Record<string, unknown> {
  return {
    [`${kind}_name`]: name,
    why: `blockops stopped while creating this ${kind}, and could not look for it (${toOpsError(e).message}): look for a ${kind} by that name`,
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
