import type { ReceiverEvent } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { SlackDeliveries } from '../../src/app/slack-deliveries.js';
import { requestKey } from '../../src/slack/dedupe.js';
import { DeliveryUndecided, gateRepeats, RepeatDelivery } from '../../src/slack/dedupe-retries.js';

describe('requestKey', () => {
  it('keys a retry (same body) the same, and a new command differently', () => {
    const body = { command: '/blockops', text: 'images', trigger_id: '1.2', user_id: 'U1' };
    expect(requestKey({ ...body })).toBe(requestKey(body));
    expect(requestKey({ ...body, trigger_id: '1.3' })).not.toBe(requestKey(body));
  });
});

/** A deliveries port whose decisions the test gives, one at a time, in the order they were asked. */
function heldDeliveries() {
  const asked: { key: string; decide(first: boolean): void }[] = [];
  const port: SlackDeliveries = {
    firstTime: (key) => new Promise<boolean>((resolve) => asked.push({ key, decide: resolve })),
  };
  return { port, asked };
}

function event(body: Record<string, unknown>, acks: unknown[], retryNum?: number): ReceiverEvent {
  return {
    body,
    retryNum,
    ack: async (response?: unknown) => {
      acks.push(response ?? 'empty');
    },
  };
}

describe('gateRepeats', () => {
  const command = { command: '/blockops', text: 'images', trigger_id: '1.2', user_id: 'U1' };
  const now = () => Promise.resolve();

  it('sends the ack first, asks the store only once the work may start, then lets a first delivery go on', async () => {
    const { port, asked } = heldDeliveries();
    const acks: unknown[] = [];
    let startWork: () => void = () => undefined;
    const beforeWork = () => new Promise<void>((r) => (startWork = r));
    const ack = gateRepeats(event(command, acks), port, beforeWork).ack({ text: 'hi' });
    await new Promise((r) => setImmediate(r));
    expect(acks).toEqual([{ text: 'hi' }]);
    expect(asked).toHaveLength(0);
    startWork();
    await new Promise((r) => setImmediate(r));
    expect(asked.map((a) => a.key)).toEqual([requestKey(command)]);
    asked[0]!.decide(true);
    await expect(ack).resolves.toBeUndefined();
  });

  it('acks, then stops the listener with DeliveryUndecided naming where to answer when the store fails', async () => {
    const failing: SlackDeliveries = { firstTime: () => Promise.reject(new Error('SQLITE_ERROR: no such table')) };
    const acks: unknown[] = [];
    const withUrl = { ...command, response_url: 'https://hooks.slack.com/commands/T/1/x' };
    const err = await gateRepeats(event(withUrl, acks), failing, now)
      .ack()
      .catch((e: unknown) => e);
    expect(acks).toEqual(['empty']);
    expect(err).toBeInstanceOf(DeliveryUndecided);
    expect(err).toMatchObject({ responseUrl: withUrl.response_url, userId: 'U1' });
    const click = { type: 'block_actions', user: { id: 'U2' }, actions: [{ action_id: 'approve' }] };
    const noUrl = await gateRepeats(event(click, []), failing, now)
      .ack()
      .catch((e: unknown) => e);
    expect(noUrl).toMatchObject({ responseUrl: undefined, userId: 'U2' });
  });

  it('acks a repeat alike, then stops its listener with RepeatDelivery carrying the retry number', async () => {
    const { port, asked } = heldDeliveries();
    const acks: unknown[] = [];
    const ack = gateRepeats(event(command, acks, 2), port, now).ack();
    await new Promise((r) => setImmediate(r));
    asked[0]!.decide(false);
    await expect(ack).rejects.toBeInstanceOf(RepeatDelivery);
    await expect(ack).rejects.toMatchObject({ retryNum: 2 });
    expect(acks).toEqual(['empty']);
  });

  it('asks the store in the order the acks went out (a retry right behind its first delivery is decided after it)', async () => {
    const { port, asked } = heldDeliveries();
    const click = { type: 'block_actions', actions: [{ action_id: 'x' }] };
    void gateRepeats(event(command, []), port, now).ack();
    void gateRepeats(event(click, []), port, now).ack();
    void gateRepeats(event(command, [], 1), port, now).ack();
    await new Promise((r) => setImmediate(r));
    expect(asked.map((a) => a.key)).toEqual([requestKey(command), requestKey(click), requestKey(command)]);
  });

  it('lets options requests (reads whose ack is the answer, which may repeat) through untouched', () => {
    const { port, asked } = heldDeliveries();
    const e = event({ type: 'block_suggestion', value: 'ci' }, []);
    expect(gateRepeats(e, port, now)).toBe(e);
    expect(asked).toHaveLength(0);
  });
});
