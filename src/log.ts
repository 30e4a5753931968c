import pino, { type Logger } from 'pino';

/** Paths pino blanks wherever they appear: secrets never reach a log line. */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'password',
  '*.password',
  '*.*.password',
  'secret',
  '*.secret',
  'jwt',
  '*.jwt',
  'signingSecret',
  '*.signingSecret',
  'headers["x-auth-token"]',
  'headers["X-Auth-Token"]',
  'headers["x-subject-token"]',
  'headers.authorization',
  'headers.Authorization',
  '*.headers["x-auth-token"]',
  '*.headers["X-Auth-Token"]',
  '*.headers.authorization',
  '*.headers.Authorization',
  'application_credential_secret',
  '*.application_credential_secret',
];

/** Logs go to stderr: stdout belongs to `--json` output and to the MCP stdio protocol. */
export function createLogger(level = process.env['BLOCKOPS_LOG_LEVEL'] ?? 'info'): Logger {
  return pino(
    { level, base: { app: 'blockops' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    pino.destination(2),
  );
}

export const log: Logger = createLogger();
export type { Logger };
