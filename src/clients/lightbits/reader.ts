import type { z } from 'zod';
import { ApiError } from '../api-error.js';
import type { LightbitsCall, LightbitsTransport } from './transport.js';
import * as u from './urls.js';

/** Largest page the API hands out (ListVolumeRequest.limit: "default/maximum value is 1000"). */
const PAGE = 1000;

/** Sends calls and checks answers against the wire schemas; 404 as "absent" where a lookup allows it. */
export class LightbitsReader {
  constructor(protected readonly transport: LightbitsTransport) {}

  /** Follows offsetUUID until a page comes back shorter than the limit. */
  protected async pages<T extends { UUID: string }>(base: string, fetch: (path: string) => Promise<T[]>): Promise<T[]> {
    const all: T[] = [];
    for (let offset: string | undefined; ; ) {
      const page = await fetch(base + u.query({ limit: PAGE, offsetUUID: offset }));
      all.push(...page);
      if (page.length < PAGE) return all;
      offset = page[page.length - 1]!.UUID;
    }
  }

  protected async read<S extends z.ZodType>(call: LightbitsCall, schema: S): Promise<z.infer<S>> {
    const res = await this.transport.send(call);
    const parsed = schema.safeParse(res.data);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new ApiError({
      service: 'lightbits',
      method: call.method,
      url: res.endpoint + call.path,
      status: res.status,
      body: res.data,
      message: `unexpected answer (${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid'})`,
    });
  }

  protected async find<S extends z.ZodType, T>(call: LightbitsCall, schema: S, map: (v: z.infer<S>) => T) {
    try {
      return map(await this.read(call, schema));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return undefined;
      throw err;
    }
  }
}
