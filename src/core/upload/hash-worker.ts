import { Worker } from 'node:worker_threads';

/**
 * The thread's code: it hashes each slice of the ring with every algorithm, in the order posted, and answers with the
 * slice's slot. Inline (not a file beside this one) so that it runs the same from dist/ and from the TypeScript sources.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hashes = workerData.algorithms.map((a) => createHash(a));
const ring = new Uint8Array(workerData.ring);
parentPort.on('message', (m) => {
  if (m === 'end') return parentPort.postMessage({ digests: hashes.map((h) => h.digest('hex')) });
  const slice = ring.subarray(m.start, m.end);
  for (const h of hashes) h.update(slice);
  parentPort.postMessage(m.slot);
});
`;

const SLOTS = 4;
const SLOT_BYTES = 1024 * 1024;

/**
 * Hashes a byte stream on a worker thread, so that the thread moving the bytes does not also spend the ~5 s of CPU
 * per GiB that sha512 + md5 take: the two run side by side instead of in turn. Bytes are copied into a shared ring of
 * 4 × 1 MiB (memory stays flat); `update` resolves once a chunk is copied, waiting for a free slot when hashing lags.
 */
export class HashWorker {
  readonly #ring = new SharedArrayBuffer(SLOTS * SLOT_BYTES);
  readonly #worker: Worker;
  readonly #free: number[] = Array.from({ length: SLOTS }, (_, i) => i);
  #wake: (() => void) | undefined;
  #failed: Error | undefined;

  constructor(readonly algorithms: readonly string[]) {
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { algorithms, ring: this.#ring } });
    this.#worker.on('message', (m: unknown) => {
      if (typeof m !== 'number') return;
      this.#free.push(m);
      this.#wakeUp();
    });
    this.#worker.on('error', (err) => this.#fail(err));
    this.#worker.on('exit', (code) => this.#fail(new Error(`the hashing thread stopped (exit code ${code})`)));
  }

  /** Copies `chunk` into the ring for hashing; call in order, one call at a time. */
  async update(chunk: Uint8Array): Promise<void> {
    for (let at = 0; at < chunk.length; at += SLOT_BYTES) {
      const slot = await this.#slot();
      const piece = chunk.subarray(at, at + SLOT_BYTES);
      const start = slot * SLOT_BYTES;
      new Uint8Array(this.#ring, start, piece.length).set(piece);
      this.#worker.postMessage({ slot, start, end: start + piece.length });
    }
  }

  /** The hex digest of each algorithm once everything given to `update` is hashed; then the thread stops. */
  async digests(): Promise<Record<string, string>> {
    const digests = await new Promise<string[]>((resolve, reject) => {
      if (this.#failed) return reject(this.#failed);
      this.#worker.on('message', (m: unknown) => {
        if (typeof m === 'object' && m && 'digests' in m) resolve(m.digests as string[]);
      });
      this.#worker.once('exit', () => reject(this.#failed));
      this.#worker.postMessage('end');
    });
    this.destroy();
    return Object.fromEntries(this.algorithms.map((a, i) => [a, digests[i] as string]));
  }

  destroy(): void {
    this.#failed ??= new Error('hashing was stopped');
    void this.#worker.terminate();
  }

  async #slot(): Promise<number> {
    for (;;) {
      if (this.#failed) throw this.#failed;
      const slot = this.#free.pop();
      if (slot !== undefined) return slot;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  #fail(err: Error): void {
    this.#failed ??= err;
    this.#wakeUp();
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
