import { z } from 'zod';

const str = z.string({ error: 'must be a string' });
const num = z.union([z.number(), z.string()], { error: 'must be a number' });
const flag = z.union([z.boolean(), z.string()], { error: 'must be true or false' });
const strings = z.union([z.string(), z.array(z.string())], { error: 'must be a list of strings' });

function secret(name: string): Record<string, z.ZodType> {
  return { [name]: str, [`${name}_file`]: str, [`${name}_command`]: str };
}

/** Every key blockops.yaml may hold, per section ('' is the top level). Same names as BlockopsConfig, in snake_case. */
export const FILE_SECTIONS: Record<string, Record<string, z.ZodType>> = {
  '': {
    volume_type: str,
    image_dirs: strings,
    database_url: str,
    policy_file: str,
    approvers: strings,
    read_only: flag,
    mcp_tokens_file: str,
    mcp_sessions_per_identity: num,
    mcp_session_idle_minutes: num,
    emulator_speed: num,
    poll_ms: num,
    cinder_direct_url_schemes: strings,
  },
  server: { host: str, port: num, allowed_hosts: strings, allowed_origins: strings },
  slack: {
    ...secret('bot_token'),
    ...secret('signing_secret'),
    ...secret('app_token'),
    api_url: str,
    approvals_channel: str,
  },
  audit: {
    ...secret('key'),
    ...secret('retired_keys'),
    anchors_file: str,
    anchor_every: num,
    anchor_seconds: num,
  },
  remote: { url: str, ...secret('token') },
  openstack: { cloud: str },
  lightbits: { endpoints: strings, ...secret('jwt'), project: str, cacert: str, insecure: flag },
};

function section(fields: Record<string, z.ZodType>) {
  return z.strictObject(Object.fromEntries(Object.entries(fields).map(([k, s]) => [k, s.nullish()])));
}

const sections = Object.fromEntries(
  Object.entries(FILE_SECTIONS)
    .filter(([name]) => name !== '')
    .map(([name, fields]) => [name, section(fields).nullish()]),
);

export const fileSchema = z.strictObject({ ...section(FILE_SECTIONS['']!).shape, ...sections });

/** The keys allowed at a dotted path inside the file, for "unknown key" messages. */
export function knownKeys(path: string): string[] {
  const fields = FILE_SECTIONS[path] ?? {};
  return path === ''
    ? [...Object.keys(fields), ...Object.keys(FILE_SECTIONS).filter((s) => s !== '')]
    : Object.keys(fields);
}
