import type { Progress } from '../../core/engine/operation.js';
import { waitForRequest } from '../../core/engine/wait-request.js';
import { storedCode } from '../../core/errors/codes.js';
import { OpsError } from '../../core/errors/ops-error.js';
import { FINAL_STATES, type RequestRow } from '../../core/store/types.js';
import { log } from '../../log.js';
import type { SlackDoor } from '../door.js';
import { renderError } from '../render/error.js';
import { renderFinished } from '../render/progress.js';
import { renderResult, safeSummary } from '../render/result.js';
import { StatusMessage } from '../status-message.js';
import type { Announcer } from './announcer.js';
import { approvalMessageOf } from './message-ref.js';
import { tellRequester } from './tell-requester.js';

/** How long to follow one job before saying it is still running. */
const FOLLOW_MS = 12 * 60 * 60_000;

/**
 * Shows one approved request's job in Slack, once per process however many clicks led to it: the approval message
 * says who approved, the requester is told, one status message in the approval thread follows the progress, and
 * the result (server addresses, volume ids, the clone path) is posted in the thread when it ends.
 */
export class JobDisplay {
  private readonly status: StatusMessage;
  private following: Promise<RequestRow> | undefined;

  private constructor(
    private readonly door: SlackDoor,
    private readonly announcer: Announcer,
    private readonly row: RequestRow,
    fallbackChannel: string,
  ) {
    const ref = approvalMessageOf(row);
    const where = ref ? { channel: ref.channel, threadTs: ref.ts } : { channel: fallbackChannel };
    this.status = new StatusMessage(door.client, where, this.title);
  }

  /** The display of a request in this process, made on first use. */
  static async for(door: SlackDoor, announcer: Announcer, id: string, fallbackChannel: string): Promise<JobDisplay> {
    const existing = door.displays.get(id);
    if (existing) return existing;
    const row = await door.app.services.store.requests.get(id);
    if (!row) throw new OpsError('APPROVAL.NOT_FOUND', `There is no request ${id}.`);
    const again = door.displays.get(id);
    if (again) return again;
    const display = new JobDisplay(door, announcer, row, fallbackChannel);
    door.displays.set(id, display);
    return display;
  }

  private get title(): string {
    return this.door.app.services.registry.find(this.row.operation)?.title ?? this.row.operation;
  }

  progress(p: Progress): void {
    this.status.progress(p);
  }

  /** Follows the job to its end (across processes, through the store) and shows it; the same promise for every caller. */
  follow(): Promise<RequestRow> {
    this.following ??= this.run().finally(() => this.door.displays.delete(this.row.id));
    return this.following;
  }

  private async run(): Promise<RequestRow> {
    const { services } = this.door.app;
    const id = this.row.id;
    const now = await services.store.requests.get(id);
    // A job that already ended (a fast one) is told once, with its outcome, below.
    if (now && !FINAL_STATES.includes(now.state)) await this.show(now);
    const row = await waitForRequest(services.desk, id, {
      timeoutMs: FOLLOW_MS,
      until: (r) => FINAL_STATES.includes(r.state),
      onProgress: (p) => this.progress(p),
    });
    await this.finishStatus(row);
    await this.announcer.update(row);
    const op = services.registry.find(row.operation);
    await tellRequester(this.door, row, op && row.state === 'succeeded' ? safeSummary(op, row.result) : undefined);
    return row;
  }

  /** The approval message shows who approved, and the requester hears it is running. */
  private async show(row: RequestRow): Promise<void> {
    try {
      await this.announcer.update(row);
      await tellRequester(this.door, row);
    } catch (e) {
      log.warn({ err: e, request: row.id }, 'showing the approval in Slack failed');
    }
  }

  private async finishStatus(row: RequestRow): Promise<void> {
    const op = this.door.app.services.registry.find(row.operation);
    if (row.state === 'succeeded' && op) {
      const summary = safeSummary(op, row.result);
      await this.status.finish(renderFinished(this.title, { ok: true, summary }), renderResult(op, row.result));
      return;
    }
    const error = row.error ?? {
      code: `JOB.${row.state.toUpperCase()}`,
      message: FINAL_STATES.includes(row.state) ? `The request is ${row.state}.` : 'Still running; see get_request.',
    };
    const leftovers = row.leftovers?.length ? ` Left behind: ${JSON.stringify(row.leftovers)}` : '';
    const failure = new OpsError(storedCode(error.code), error.message + leftovers, {
      details: { request_id: row.id },
    });
    await this.status.finish(
      renderFinished(this.title, { ok: false, error: `${error.code}: ${error.message}` }),
      renderError(failure),
    );
  }
}
