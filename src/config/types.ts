import type { LightbitsConnectionOptions } from '../clients/lightbits/index.js';
import type { OpenStackConnectionOptions } from '../clients/openstack/index.js';

/** What configuration yields is exactly what the clients take: one type, defined where it is used. */
export type OpenStackSettings = Omit<OpenStackConnectionOptions, 'timeoutMs' | 'retries' | 'retryDelayMs'>;

export type OpenStackInterface = 'public' | 'internal' | 'admin';
export type OpenStackService = 'identity' | 'image' | 'volume' | 'compute' | 'network';
export const OPENSTACK_SERVICES: readonly OpenStackService[] = ['identity', 'image', 'volume', 'compute', 'network'];

export type LightbitsSettings = Pick<
  LightbitsConnectionOptions,
  'endpoints' | 'jwt' | 'project' | 'caFile' | 'insecure'
>;

export interface ServerSettings {
  host: string;
  port: number;
  allowedHosts: string[];
  allowedOrigins: string[];
}

export interface SlackSettings {
  botToken?: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl?: string;
  approvalsChannel?: string;
  /** Where on-call incidents are posted (BLOCKOPS_ONCALL_CHANNEL); unset: not posted. */
  oncallChannel?: string;
  /** A user group id (S0123…) mentioned when an incident loses I/O (BLOCKOPS_ONCALL_MENTION). */
  oncallMention?: string;
}

export interface AuditSettings {
  /** The audit key's text (BLOCKOPS_AUDIT_KEY, _FILE, _COMMAND); undefined: none set (see app/audit-key.ts). */
  key: string | undefined;
  /** Keys a rotation retired, for `audit verify` of the records they MACed. */
  retiredKeys: string[];
  /** The append-only anchors file; undefined: `audit-anchors.jsonl` next to the SQLite file. */
  anchorsFile: string | undefined;
  /** An anchor every this many records… */
  anchorEvery: number;
  /** …or every this many seconds while records are not anchored, and at a clean shutdown. */
  anchorSeconds: number;
}

export interface RemoteSettings {
  url?: string;
  token?: string;
}

export interface BlockopsConfig {
  /** undefined: nothing configured, the caller starts the built-in emulator. */
  openstack: OpenStackSettings | undefined;
  lightbits: LightbitsSettings | undefined;
  volumeType: string;
  imageDirs: string[];
  /** postgres://… URL, sqlite:// URL, or an absolute SQLite file path. */
  databaseUrl: string;
  audit: AuditSettings;
  policyFile: string | undefined;
  /** BLOCKOPS_APPROVERS: extra members of `approvers`, honoured only on the built-in emulator (a demo). */
  approvers: string[];
  readOnly: boolean;
  server: ServerSettings;
  slack: SlackSettings;
  /** BLOCKOPS_URL and BLOCKOPS_TOKEN: the CLI sends its operations to this `blockops serve` as the token's identity. */
  remote: RemoteSettings;
  mcpTokensFile: string | undefined;
  /** MCP over HTTP: sessions one identity may hold open; a new one closes its least recently used idle one. */
  mcpSessionsPerIdentity: number;
  /** MCP over HTTP: a session with no request for this long is closed. */
  mcpSessionIdleMinutes: number;
  emulatorSpeed: number;
  /** How often to poll a changing resource (BLOCKOPS_POLL_MS); default 1000 ms, less on the emulator. */
  pollMs: number | undefined;
  /** How many servers of one launch_server batch are cloned and booted at once (BLOCKOPS_LAUNCH_CONCURRENCY); default all. */
  launchConcurrency: number | undefined;
  /**
   * cinder.conf's allowed_direct_url_schemes as the operator states it (BLOCKOPS_CINDER_DIRECT_URL_SCHEMES):
   * not visible through the API; without it the clone-path prediction is 'likely', not 'certain'.
   */
  directUrlSchemes: string[] | undefined;
}

/** Command-line flags as commander hands them over: kebab-case or camelCase keys both work. */
export type ConfigFlags = Record<string, string | boolean | undefined>;

export interface LoadConfigOptions {
  flags?: ConfigFlags;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  home?: string;
}
