import type { Logger } from '../../log.js';
import type { AuditEntry } from '../store/types.js';
import { type Anchor, appendAnchor } from './anchors.js';

export interface AnchorerOptions {
  /** The append-only anchors file; undefined: anchors go to the log only. */
  file: string | undefined;
  /** Anchor once this many records were appended since the last anchor… */
  every: number;
  /** …or once this many seconds passed with records not anchored yet. */
  seconds: number;
  log: Logger;
  now?: () => Date;
}

/**
 * Writes anchors of the records this process appended: every `every` records, every `seconds` seconds while some
 * are not anchored, and on close (a clean shutdown). Each anchor goes to the file and to the log (info). Records
 * appended after the last anchor of a process that was killed are covered only by the next anchor anyone writes.
 */
export class Anchorer {
  private latest: AuditEntry | undefined;
  private unanchored = 0;
  private writing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => Date;

  constructor(private readonly opts: AnchorerOptions) {
    this.now = opts.now ?? (() => new Date());
    this.timer = setInterval(() => void this.flush(), opts.seconds * 1000).unref();
  }

  /** The store calls this after each committed append. */
  readonly noted = (entry: AuditEntry): void => {
    if (!this.latest || entry.seq > this.latest.seq) this.latest = entry;
    if (++this.unanchored >= this.opts.every) void this.flush();
  };

  /** Anchors the latest record appended here, if it is not anchored yet; resolves once written. */
  flush(): Promise<void> {
    const entry = this.latest;
    if (entry) {
      this.latest = undefined;
      this.unanchored = 0;
      const anchor: Anchor = { seq: entry.seq, mac: entry.hash, at: this.now().toISOString() };
      this.writing = this.writing.then(() => this.write(anchor));
    }
    return this.writing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async write(anchor: Anchor): Promise<void> {
    this.opts.log.info({ anchor }, 'audit anchor');
    if (!this.opts.file) return;
    try {
      await appendAnchor(this.opts.file, anchor);
    } catch (e) {
      // The record is committed; a missing anchor weakens only the detection of a cut-off tail.
      const reason = e instanceof Error ? e.message : String(e);
      this.opts.log.error({ anchor, file: this.opts.file, reason }, 'could not write the audit anchor to its file');
    }
  }
}
