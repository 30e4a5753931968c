import { z } from 'zod';
import type { GatewayResult } from '../core/engine/gateway.js';
import type { Progress } from '../core/engine/operation.js';

/** The HTTP API's paths, under the `blockops serve` URL. */
export const API_PREFIX = '/api/v1';
export const operationPath = (name: string) => `${API_PREFIX}/operations/${encodeURIComponent(name)}`;

/** POST /api/v1/operations/{name}: the operation's input, and how long to wait for an approval (as `--wait`). */
export const runBody = z
  .object({
    input: z.record(z.string(), z.unknown()).default({}),
    wait_seconds: z.number().min(0).max(3600).default(0),
  })
  .strict();
export type RunBody = z.input<typeof runBody>;

/** An error as the API answers it: the catalogue code, the message, and the details a door may show. */
export interface WireError {
  code: string;
  message: string;
  details?: Record<string, unknown> | undefined;
}

/**
 * One JSON object, or (with `Accept: application/x-ndjson`) one per line: progress lines while the operation runs,
 * then exactly one result or error line.
 */
export type WireMessage = { progress: Progress } | { result: GatewayResult } | { error: WireError };

export const NDJSON = 'application/x-ndjson';
