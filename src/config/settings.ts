import { join } from 'node:path';
import type { z } from 'zod';
import {
  absolutePath,
  auditKeyList,
  auditKeyText,
  bool,
  databaseUrl,
  host,
  httpUrl,
  list,
  listenPort,
  nonNegativeNumber,
  pathIn,
  positiveInteger,
  positiveNumber,
  redactUrl,
  secretText,
  text,
} from './values.js';

export interface DefaultContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** One setting and every name it goes by. Precedence: flag > environment > config file > default. */
export interface SettingSpec {
  /** Dotted path in the loaded config, e.g. `server.port`. */
  key: string;
  env?: string;
  /** kebab-case flag name without dashes (camelCase keys from commander are accepted too). */
  flag?: string;
  /** Dotted snake_case key in blockops.yaml. */
  file?: string;
  /** Also read from `<ENV>_FILE` / `<ENV>_COMMAND` (and `<file>_file` / `<file>_command`); never shown. */
  secret?: boolean;
  /** Validates and converts the raw value; `baseDir` resolves relative paths. */
  schema: (baseDir: string) => z.ZodType;
  default?: (ctx: DefaultContext) => unknown;
  /** How a bad value is quoted in an error (e.g. with a URL's password hidden). */
  display?: (value: string) => string;
}

export const always = (schema: z.ZodType) => () => schema;
export const commaList = (element: z.ZodType) => always(list(',', element));

export const SETTINGS: SettingSpec[] = [
  {
    key: 'volumeType',
    env: 'BLOCKOPS_VOLUME_TYPE',
    flag: 'volume-type',
    file: 'volume_type',
    schema: always(text),
    default: () => 'lightbits',
  },
  {
    key: 'imageDirs',
    env: 'BLOCKOPS_IMAGE_DIRS',
    flag: 'image-dirs',
    file: 'image_dirs',
    schema: always(list(':', absolutePath)),
    default: () => [],
  },
  {
    key: 'databaseUrl',
    env: 'DATABASE_URL',
    flag: 'database-url',
    file: 'database_url',
    schema: databaseUrl,
    default: ({ cwd }) => join(cwd, '.blockops', 'blockops.db'),
    display: redactUrl,
  },
  { key: 'audit.key', env: 'BLOCKOPS_AUDIT_KEY', file: 'audit.key', secret: true, schema: always(auditKeyText) },
  {
    key: 'audit.retiredKeys',
    env: 'BLOCKOPS_AUDIT_RETIRED_KEYS',
    file: 'audit.retired_keys',
    secret: true,
    schema: always(auditKeyList),
    default: () => [],
  },
  {
    key: 'audit.anchorsFile',
    env: 'BLOCKOPS_AUDIT_ANCHORS',
    flag: 'audit-anchors',
    file: 'audit.anchors_file',
    schema: pathIn,
  },
  {
    key: 'audit.anchorEvery',
    env: 'BLOCKOPS_AUDIT_ANCHOR_EVERY',
    file: 'audit.anchor_every',
    schema: always(positiveInteger),
    default: () => 100,
  },
  {
    key: 'audit.anchorSeconds',
    env: 'BLOCKOPS_AUDIT_ANCHOR_SECONDS',
    file: 'audit.anchor_seconds',
    schema: always(positiveNumber),
    default: () => 60,
  },
  { key: 'policyFile', env: 'BLOCKOPS_POLICY', flag: 'policy', file: 'policy_file', schema: pathIn },
  {
    key: 'approvers',
    env: 'BLOCKOPS_APPROVERS',
    flag: 'approvers',
    file: 'approvers',
    schema: commaList(text),
    default: () => [],
  },
  {
    key: 'readOnly',
    env: 'BLOCKOPS_READ_ONLY',
    flag: 'read-only',
    file: 'read_only',
    schema: always(bool),
    default: () => false,
  },
  {
    key: 'server.host',
    env: 'BLOCKOPS_HOST',
    flag: 'host',
    file: 'server.host',
    schema: always(host),
    default: () => '127.0.0.1',
  },
  {
    key: 'server.port',
    env: 'PORT',
    flag: 'port',
    file: 'server.port',
    schema: always(listenPort),
    default: () => 3000,
  },
  {
    key: 'server.allowedHosts',
    env: 'BLOCKOPS_ALLOWED_HOSTS',
    flag: 'allowed-hosts',
    file: 'server.allowed_hosts',
    schema: commaList(host),
    default: () => [],
  },
  {
    key: 'server.allowedOrigins',
    env: 'BLOCKOPS_ALLOWED_ORIGINS',
    flag: 'allowed-origins',
    file: 'server.allowed_origins',
    schema: commaList(httpUrl),
    default: () => [],
  },
  { key: 'slack.botToken', env: 'SLACK_BOT_TOKEN', file: 'slack.bot_token', secret: true, schema: always(secretText) },
  {
    key: 'slack.signingSecret',
    env: 'SLACK_SIGNING_SECRET',
    file: 'slack.signing_secret',
    secret: true,
    schema: always(secretText),
  },
  { key: 'slack.appToken', env: 'SLACK_APP_TOKEN', file: 'slack.app_token', secret: true, schema: always(secretText) },
  { key: 'slack.apiUrl', env: 'SLACK_API_URL', flag: 'slack-api-url', file: 'slack.api_url', schema: always(httpUrl) },
  {
    key: 'slack.approvalsChannel',
    env: 'BLOCKOPS_APPROVALS_CHANNEL',
    flag: 'approvals-channel',
    file: 'slack.approvals_channel',
    schema: always(text),
  },
  { key: 'slack.oncallChannel', env: 'BLOCKOPS_ONCALL_CHANNEL', file: 'slack.oncall_channel', schema: always(text) },
  { key: 'slack.oncallMention', env: 'BLOCKOPS_ONCALL_MENTION', file: 'slack.oncall_mention', schema: always(text) },
  // The CLI as a client of `blockops serve`: who it acts as is who the token says (never the database directly).
  { key: 'remote.url', env: 'BLOCKOPS_URL', file: 'remote.url', schema: always(httpUrl), display: redactUrl },
  { key: 'remote.token', env: 'BLOCKOPS_TOKEN', file: 'remote.token', secret: true, schema: always(secretText) },
  { key: 'mcpTokensFile', env: 'BLOCKOPS_MCP_TOKENS', flag: 'mcp-tokens', file: 'mcp_tokens_file', schema: pathIn },
  {
    key: 'mcpSessionsPerIdentity',
    env: 'BLOCKOPS_MCP_SESSIONS_PER_IDENTITY',
    file: 'mcp_sessions_per_identity',
    schema: always(positiveInteger),
    default: () => 20,
  },
  {
    key: 'mcpSessionIdleMinutes',
    env: 'BLOCKOPS_MCP_SESSION_IDLE_MINUTES',
    file: 'mcp_session_idle_minutes',
    schema: always(positiveNumber),
    default: () => 10,
  },
  {
    key: 'emulatorSpeed',
    env: 'BLOCKOPS_EMULATOR_SPEED',
    flag: 'emulator-speed',
    file: 'emulator_speed',
    schema: always(nonNegativeNumber),
    default: () => 1,
  },
  {
    key: 'pollMs',
    env: 'BLOCKOPS_POLL_MS',
    flag: 'poll-ms',
    file: 'poll_ms',
    schema: always(positiveNumber),
  },
  {
    key: 'launchConcurrency',
    env: 'BLOCKOPS_LAUNCH_CONCURRENCY',
    flag: 'launch-concurrency',
    file: 'launch_concurrency',
    schema: always(positiveInteger),
  },
  {
    key: 'directUrlSchemes',
    env: 'BLOCKOPS_CINDER_DIRECT_URL_SCHEMES',
    flag: 'cinder-direct-url-schemes',
    file: 'cinder_direct_url_schemes',
    schema: commaList(text),
  },
];
