import type { IncidentNews, OncallWatcher } from '../app/oncall-watcher.js';
import type { Incident } from '../core/oncall/schema.js';
import { log } from '../log.js';
import type { SlackDoor } from './door.js';
import { renderIncident, renderTransitionLines } from './render/incident.js';
import type { MessageRef } from './status-message.js';
import { UpdateThrottle } from './throttle.js';

/** chat.update of one incident message at most this often (it changes every poll while volumes rebuild). */
const UPDATE_EVERY_MS = 3_000;
const NOTE = 'slack';

function refOf(notes: Record<string, unknown>): MessageRef | undefined {
  const n = notes[NOTE] as { channel?: unknown; ts?: unknown } | undefined;
  return typeof n?.channel === 'string' && typeof n.ts === 'string' ? { channel: n.channel, ts: n.ts } : undefined;
}

/**
 * One message per incident in BLOCKOPS_ONCALL_CHANNEL, posted by the replica holding the watcher's lease, its
 * place kept beside the incident in the store (so a restart or another replica updates it, never posts again),
 * updated in place at most every few seconds, with a thread entry per cycle of transitions.
 */
export class IncidentMessages {
  private readonly refs = new Map<string, MessageRef>();
  private readonly throttles = new Map<string, UpdateThrottle<Incident>>();
  /** Per incident, its work in order: a thread entry never overtakes the post it hangs from. */
  private readonly queues = new Map<string, Promise<void>>();
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly door: SlackDoor,
    private readonly watcher: OncallWatcher,
    private readonly channel: string,
  ) {}

  start(): void {
    this.stopListening = this.watcher.onIncident((n) => {
      if (!this.watcher.leader) return;
      const id = n.incident.id;
      const next = (this.queues.get(id) ?? Promise.resolve())
        .then(() => this.show(n))
        .catch((e: unknown) => log.error({ err: e, incident: id }, 'showing the incident in Slack failed'));
      this.queues.set(id, next);
    });
  }

  async stop(): Promise<void> {
    this.stopListening?.();
    await Promise.allSettled([...this.queues.values()]);
    await Promise.allSettled([...this.throttles.values()].map((t) => t.idle()));
  }

  private async show(n: IncidentNews): Promise<void> {
    const i = n.incident;
    const ref = this.refs.get(i.id) ?? refOf(n.notes);
    if (!ref) {
      if (i.status === 'resolved') return; // resolved before anyone posted it: nothing to tell any more
      await this.post(i);
      return;
    }
    this.refs.set(i.id, ref);
    const lines = n.news.map((e) => e.text).filter((t) => !t.startsWith('Opened: '));
    if (lines.length) {
      const m = renderTransitionLines(lines);
      await this.door.client.chat.postMessage({
        channel: ref.channel,
        thread_ts: ref.ts,
        text: m.text,
        blocks: m.blocks,
      });
    }
    const throttle = this.throttleFor(i.id, ref);
    if (i.status === 'resolved') {
      await throttle.finish(i);
      this.throttles.delete(i.id);
    } else throttle.push(i);
  }

  private async post(i: Incident): Promise<void> {
    const m = renderIncident(i, { mention: this.door.settings.oncallMention });
    const res = await this.door.client.chat.postMessage({
      channel: this.channel,
      text: m.text,
      blocks: m.blocks,
      unfurl_links: false,
    });
    if (!res.channel || !res.ts) throw new Error('chat.postMessage answered without channel or ts');
    const ref = { channel: res.channel, ts: res.ts };
    this.refs.set(i.id, ref);
    await this.door.app.services.desk.setIncidentNote(i.id, NOTE, ref);
  }

  private throttleFor(id: string, ref: MessageRef): UpdateThrottle<Incident> {
    let t = this.throttles.get(id);
    if (!t) {
      t = new UpdateThrottle<Incident>(
        async (i) => {
          const m = renderIncident(i, { mention: this.door.settings.oncallMention });
          await this.door.client.chat.update({ channel: ref.channel, ts: ref.ts, text: m.text, blocks: m.blocks });
        },
        {
          intervalMs: UPDATE_EVERY_MS,
          onError: (e) =>
            log.warn({ err: e, incident: id }, 'updating the incident message failed; next change retries'),
        },
      );
      this.throttles.set(id, t);
    }
    return t;
  }
}
