/**
 * The catalogue of error codes blockops answers with. Codes are part of the interface: front doors, scripts
 * and assistants match them exactly (never by pattern), so a new code is added here first.
 */
export const FIXED_CODES = [
  'ADOPT.CONVERT_FAILED',
  'ADOPT.IN_USE',
  'ADOPT.NO_SPACE',
  'ADOPT.NOT_ADOPTABLE',
  'ADOPT.PROOF_FAILED',
  'ADOPT.UNSAFE_IMAGE',
  'API.BAD_RESPONSE',
  'API.UNAUTHORIZED',
  'API.UNREACHABLE',
  'APPROVAL.ALREADY_APPROVED',
  'APPROVAL.ALREADY_DECIDED',
  'APPROVAL.ASSISTANT',
  'APPROVAL.CANCELLED',
  'APPROVAL.CONFIRMATION_NOT_ALLOWED',
  'APPROVAL.CONFIRMATION_UNAVAILABLE',
  'APPROVAL.DECLINED',
  'APPROVAL.DENIED',
  'APPROVAL.EXPIRED',
  'APPROVAL.INPUT_CHANGED',
  'APPROVAL.LOCAL_CLI',
  'APPROVAL.NOT_ALLOWED',
  'APPROVAL.NOT_APPROVER',
  'APPROVAL.NOT_FOUND',
  'APPROVAL.SELF_APPROVAL',
  'AUDIT.ANCHORS_INVALID',
  'AUDIT.INVALID_ENTRY',
  'AUDIT.KEY_MISMATCH',
  'AUDIT.KEY_UNCHANGED',
  'AUDIT.UNAVAILABLE',
  'AUDIT.WRITE_FAILED',
  'CHECK.TIMEOUT',
  'CLONE.TOO_SMALL',
  'CONFIG.INVALID',
  'FLAVOR.NOT_FOUND',
  'IMAGE.NOT_ACTIVE',
  'IMAGE.NOT_FOUND',
  'INCIDENT.NOT_FOUND',
  'INPUT.INVALID',
  'INTERNAL',
  'INTERNAL.BAD_OUTPUT',
  'JOB.FAILED',
  'JOB.INTERRUPTED',
  'KEY_PAIR.NOT_FOUND',
  'LAUNCH.FAILED',
  'MCP.TOKENS_INVALID',
  'MCP.TOKENS_MISSING',
  'MCP.UNAUTHORIZED',
  'NETWORK.NOT_FOUND',
  'NODE.NOT_FOUND',
  'ONCALL.NO_LIGHTBITS',
  'OPERATION.UNKNOWN',
  'POLICY.FORBIDDEN',
  'POLICY.INVALID',
  'POLICY.LIMIT',
  'POLICY.RATE_LIMITED',
  'REQUEST.DUPLICATE_ID',
  'SERVER.BOOT_FAILED',
  'SERVER.NOT_FOUND',
  'SERVE.LISTEN_FAILED',
  'SERVE.PORT_IN_USE',
  'SLACK.BAD_PAYLOAD',
  'SLACK.OPTIONS_SLOW',
  'SLACK.UNAUTHORIZED',
  'SLACK.USERGROUP_UNAVAILABLE',
  'STORE.BUSY',
  'STORE.CONTENTION',
  'STORE.INVALID_TIME',
  'STORE.MIGRATION_FAILED',
  'STORE.NO_SCHEMA',
  'STORE.OPEN_FAILED',
  'STORE.UNREACHABLE',
  'STORE.UNSUPPORTED_URL',
  'UPLOAD.CANCELLED',
  'UPLOAD.CHECKSUM_MISMATCH',
  'UPLOAD.FAILED',
  'UPLOAD.FORMAT_MISMATCH',
  'UPLOAD.HOST_NOT_ALLOWED',
  'UPLOAD.IMPORT_UNAVAILABLE',
  'UPLOAD.SOURCE_REFUSED',
  'UPLOAD.SOURCE_UNREADABLE',
  'VALIDATION.FAILED',
  'VOLUME.NOT_AVAILABLE',
  'VOLUME.NOT_BOOTABLE',
  'VOLUME.NOT_FOUND',
  'VOLUME_TYPE.NOT_FOUND',
] as const;

/** The services an HTTP failure can come from, as the clients name them. */
export const API_SERVICES = ['KEYSTONE', 'GLANCE', 'CINDER', 'NOVA', 'NEUTRON', 'LIGHTBITS', 'DOWNLOAD'] as const;
/** What an HTTP failure was, from its status. */
export const API_FAILURES = [
  'UNREACHABLE',
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'OVER_LIMIT',
  'RATE_LIMITED',
  'SERVER_ERROR',
] as const;

/** The clients' own non-HTTP failures, and the code each becomes at the core's edge. */
export const CLIENT_CODES = {
  CONFIG_INVALID: 'CLOUD.CONFIG_INVALID',
  ENDPOINT_NOT_FOUND: 'CLOUD.ENDPOINT_NOT_FOUND',
  MICROVERSION_UNSUPPORTED: 'CLOUD.MICROVERSION_UNSUPPORTED',
  BAD_RESPONSE: 'CLOUD.BAD_RESPONSE',
  AMBIGUOUS_NAME: 'NAME.AMBIGUOUS_NAME',
  WAIT_FAILED: 'CLOUD.WAIT_FAILED',
  WAIT_TIMEOUT: 'CLOUD.WAIT_TIMEOUT',
  WAIT_ABORTED: 'CLOUD.WAIT_ABORTED',
} as const;

export type FixedCode = (typeof FIXED_CODES)[number];
export type ApiFailureCode =
  | `${(typeof API_SERVICES)[number]}.${(typeof API_FAILURES)[number]}`
  | `${(typeof API_SERVICES)[number]}.HTTP_${number}`;
export type ClientCode = (typeof CLIENT_CODES)[keyof typeof CLIENT_CODES];
export type ErrorCode = FixedCode | ApiFailureCode | ClientCode;

/** How a request that did not run ended, as a code: one per terminal state that is not success or failure. */
export const ENDED_WITHOUT_RUNNING = {
  denied: 'APPROVAL.DENIED',
  expired: 'APPROVAL.EXPIRED',
  cancelled: 'APPROVAL.CANCELLED',
} as const satisfies Record<string, FixedCode>;

/**
 * A person's or the policy's "no" (bad input, not allowed, not approved), as opposed to a failure of blockops
 * or the cloud. Doors count and log the two differently; this is the one place that decides which is which.
 */
const REFUSALS: ReadonlySet<string> = new Set(
  FIXED_CODES.filter((c) => c.startsWith('APPROVAL.') || c.startsWith('POLICY.') || c === 'VALIDATION.FAILED'),
);

export function isRefusal(code: string): boolean {
  return REFUSALS.has(code);
}

/** The caller's words or the configuration are wrong (exit status 2 in the CLI), not the action. */
export function isUsageError(code: string): boolean {
  return code === 'VALIDATION.FAILED' || code === 'CONFIG.INVALID';
}

/** The policy said no: only a person who edits the policy can change the answer. */
export function isPolicyRefusal(code: string): boolean {
  return code === 'POLICY.FORBIDDEN' || code === 'POLICY.LIMIT' || code === 'POLICY.RATE_LIMITED';
}

const KNOWN: ReadonlySet<string> = new Set<string>([...FIXED_CODES, ...Object.values(CLIENT_CODES)]);
const API_CODE = new RegExp(`^(${API_SERVICES.join('|')})\\.(${API_FAILURES.join('|')}|HTTP_\\d{3})$`);

/** Nothing matched a name or id the caller gave: ours (resolving a name) or the service's own 404. */
export function isNotFound(code: string): boolean {
  return (
    /^(IMAGE|VOLUME|SERVER|FLAVOR|NETWORK|KEY_PAIR|INCIDENT|NODE)\.NOT_FOUND$/.test(code) ||
    apiFailureKind(code) === 'NOT_FOUND'
  );
}

/** A code read back from a stored request: written by us from this catalogue, so kept when it is still listed. */
export function storedCode(code: string): ErrorCode {
  return isKnownCode(code) ? code : 'JOB.FAILED';
}

/** Whether a code is in the catalogue (tests use it to keep every thrown code listed). */
export function isKnownCode(code: string): code is ErrorCode {
  return KNOWN.has(code) || API_CODE.test(code);
}

/** The code an HTTP failure of one service gets, from its status. */
export function apiFailureCode(service: string, status: number): ApiFailureCode {
  const kind = STATUS_KINDS[status] ?? (status >= 500 ? 'SERVER_ERROR' : `HTTP_${status}`);
  return `${service.toUpperCase()}.${kind}` as ApiFailureCode;
}

const STATUS_KINDS: Record<number, (typeof API_FAILURES)[number]> = {
  0: 'UNREACHABLE',
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'OVER_LIMIT',
  429: 'RATE_LIMITED',
};

/** The failure kind of an API code (`GLANCE.SERVER_ERROR` → `SERVER_ERROR`), for advice and health verdicts. */
export function apiFailureKind(code: string): (typeof API_FAILURES)[number] | undefined {
  const m = API_CODE.exec(code);
  return m && !m[2]?.startsWith('HTTP_') ? (m[2] as (typeof API_FAILURES)[number]) : undefined;
}
