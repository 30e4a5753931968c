import type { webApi } from '@slack/bolt';
import type { DeliveryUndecided } from './dedupe-retries.js';

export const NOT_RUN_TEXT =
  'blockops could not record this request (its database did not answer), so it did not run it and nothing changed. ' +
  'Try again in a minute; if it keeps happening, tell whoever runs blockops (`blockops doctor`).';

/**
 * Tells the person whose delivery was acked but not run: by its response_url (ephemeral, where they ran it), else
 * by a direct message. Slack signed the body the URL came from, so it is Slack's to answer on.
 */
export async function tellNotRun(client: webApi.WebClient, e: DeliveryUndecided): Promise<void> {
  if (e.responseUrl) {
    const res = await fetch(e.responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text: NOT_RUN_TEXT }),
    });
    if (res.ok) return;
  }
  if (e.userId) await client.chat.postMessage({ channel: e.userId, text: NOT_RUN_TEXT });
}
