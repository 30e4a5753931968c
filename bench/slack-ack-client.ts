import { createHmac, randomBytes } from 'node:crypto';
import { parentPort } from 'node:worker_threads';

/** What the P3 bench asks of its client: one burst of `n` signed slash commands to `url`. */
export interface BurstRequest {
  url: string;
  n: number;
  secret: string;
  /** Where the commands' response_urls point (the fake Slack), and this burst's number, to keep them apart. */
  respondTo: string;
  round: number;
}

export type BurstAnswer = { latencies: number[] } | { error: string };

/** `n` signed `/blockops images` slash commands at once; the latency of each one's HTTP answer (the ack). */
async function burst({ url, n, secret, respondTo, round }: BurstRequest): Promise<number[]> {
  const one = async (i: number): Promise<number> => {
    const body = new URLSearchParams({
      team_id: 'T_BENCH',
      channel_id: 'C_BENCH',
      user_id: `U_BENCH${i}`,
      user_name: `bench${i}`,
      command: '/blockops',
      text: 'images',
      response_url: `${respondTo}/respond/${round}-${i}`,
      trigger_id: `${i}.${randomBytes(4).toString('hex')}`,
    }).toString();
    const ts = Math.floor(Date.now() / 1000);
    const sig = createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex');
    const started = performance.now();
    const res = await fetch(`${url}/slack/events`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Slack-Signature': `v0=${sig}`,
        'X-Slack-Request-Timestamp': String(ts),
      },
      body,
    });
    await res.text();
    if (res.status !== 200) throw new Error(`command ${i} answered HTTP ${res.status}`);
    return performance.now() - started;
  };
  return Promise.all(Array.from({ length: n }, (_, i) => one(i)));
}

// The P3 bench's client, in a worker thread of its own: its clock reads each ack when it arrives, not when the
// bench's main thread (which also plays the cloud and Slack for the work after the acks) gets round to it.
parentPort?.on('message', (request: BurstRequest) => {
  burst(request).then(
    (latencies) => parentPort?.postMessage({ latencies } satisfies BurstAnswer),
    (e: unknown) =>
      parentPort?.postMessage({ error: e instanceof Error ? e.message : String(e) } satisfies BurstAnswer),
  );
});
