import { GroupCommit } from '../batching/group-commit.js';

/**
 * One checkpoint for a whole batch launched at once: a group commit whose every write carries the latest state of
 * all servers. Writes never overlap (so an older state cannot land after a newer one), callers that arrive while one
 * is running share the next, and each caller's promise resolves once a write that includes its change is stored.
 */
export function batchCheckpoint<T>(write: (state: T) => Promise<void>, state: () => T): () => Promise<void> {
  const group = new GroupCommit<void, void>(async (callers) => {
    await write(state());
    return callers.map(() => undefined);
  });
  return () => group.add(undefined);
}
