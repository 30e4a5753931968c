import { ApiError } from '../api-error.js';
import { openstackError } from './client-error.js';

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export const looksLikeUuid = (s: string) => UUID.test(s);

/** The resource, or undefined when the service answers 404. */
export async function orNotFound<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return undefined;
    throw err;
  }
}

export interface FindSpec<T> {
  kind: string;
  nameOrId: string;
  /** Whether nameOrId may be an id worth a GET (UUIDs for most resources, anything for flavors). */
  tryId: boolean;
  byId: (id: string) => Promise<T>;
  byName: (name: string) => AsyncIterable<T>;
}

/** By id first, else by exact name: none → undefined, several → an error listing the candidates' ids. */
export async function findByNameOrId<T extends { id: string; name: string }>(
  spec: FindSpec<T>,
): Promise<T | undefined> {
  if (spec.tryId) {
    const found = await orNotFound(spec.byId(spec.nameOrId));
    if (found) return found;
  }
  const matches: T[] = [];
  for await (const item of spec.byName(spec.nameOrId)) if (item.name === spec.nameOrId) matches.push(item);
  if (matches.length <= 1) return matches[0];
  const ids = matches.map((m) => m.id);
  throw openstackError(
    'AMBIGUOUS_NAME',
    `${matches.length} ${spec.kind}s are named "${spec.nameOrId}" (ids: ${ids.join(', ')}); use an id instead.`,
    { kind: spec.kind, name: spec.nameOrId, candidates: ids },
  );
}
