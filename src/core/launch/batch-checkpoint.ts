/**
 * One checkpoint for a whole batch launched at once: every write carries the latest state of all servers, writes
 * never overlap (so an older state cannot land after a newer one), and callers that arrive while one is running share
 * the next. Each caller's promise resolves once a write that includes its change has been stored.
 */
export function batchCheckpoint<T>(write: (state: T) => Promise<void>, state: () => T): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  let next: Promise<void> | undefined;
  return () => {
    if (!next) {
      const queued = running.then(() => {
        next = undefined; // changes made from here on need a write of their own
        return write(state());
      });
      next = queued;
      running = queued.catch(() => {});
    }
    return next;
  };
}
