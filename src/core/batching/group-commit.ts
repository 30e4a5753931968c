interface Waiting<I, O> {
  input: I;
  resolve(output: O): void;
  reject(error: unknown): void;
}

/** Most entries one commit takes: bounds a transaction's size and the latency of the last one in it. */
export const MAX_GROUP = 512;

/**
 * Group commit: what is added while a commit is under way (or in the same turn of the event loop) waits and goes
 * into the next commit together, in the order it was added: one transaction and one fsync for the lot. `commit`
 * gets the inputs in order and returns one output per input, in the same order; if it throws, every input of that
 * group fails with its error (the transaction wrote none of them) and later groups go on.
 */
export class GroupCommit<I, O> {
  private readonly queue: Waiting<I, O>[] = [];
  private draining = false;

  /**
   * `alone`: inputs that commit in a group of their own (still in call order), e.g. one that changes what the
   * inputs after it must be, so that its failure or theirs cannot take the other down.
   */
  constructor(
    private readonly commit: (inputs: I[]) => Promise<O[]>,
    private readonly opts: { maxGroup?: number; alone?: (input: I) => boolean } = {},
  ) {}

  add(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (this.draining) return;
      this.draining = true;
      // Not now: let the callers of this turn of the event loop join the first group.
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const group = this.queue.splice(0, this.groupSize());
      try {
        const outputs = await this.commit(group.map((w) => w.input));
        if (outputs.length !== group.length) {
          throw new Error(`a group commit returned ${outputs.length} results for ${group.length} inputs`);
        }
        for (const [i, w] of group.entries()) w.resolve(outputs[i] as O);
      } catch (error) {
        for (const w of group) w.reject(error);
      }
    }
    this.draining = false;
  }

  private groupSize(): number {
    const max = Math.min(this.queue.length, this.opts.maxGroup ?? MAX_GROUP);
    const alone = this.opts.alone;
    if (!alone) return max;
    if (alone(this.queue[0]!.input)) return 1;
    let size = 1;
    while (size < max && !alone(this.queue[size]!.input)) size++;
    return size;
  }
}
