import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { ConfigError, type ConfigProblem, problemAt, type Source } from './errors.js';
import { fileSchema, knownKeys } from './file-schema.js';
import type { ConfigFlags } from './types.js';
import type { Raw } from './values.js';
import { isMap, readYamlMap } from './yaml-file.js';

/** blockops.yaml, flattened: `server.port` → 3000. */
export interface ConfigFile {
  path: string;
  values: Map<string, Raw>;
  source(key: string): Source;
}

/** `--config`, else BLOCKOPS_CONFIG, else ./blockops.yaml when it exists; undefined when there is none. */
export async function loadConfigFile(
  flags: ConfigFlags,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<ConfigFile | undefined> {
  const chosen = chooseFile(flags, env, cwd);
  if (!chosen) return undefined;
  const path = resolve(cwd, chosen.path);
  if (!existsSync(path)) {
    throw new ConfigError([problemAt(chosen.source, `the configuration file ${path} does not exist`)]);
  }
  const data = await readYamlMap(path);
  const source = (key: string): Source => ({ kind: 'file', name: key, path });
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.flatMap((i) => describeIssue(i, source)));
  const values = new Map<string, Raw>();
  flatten(data, '', values);
  return { path, values, source };
}

function chooseFile(
  flags: ConfigFlags,
  env: NodeJS.ProcessEnv,
  cwd: string,
): { path: string; source: Source } | undefined {
  const flag = flags['config'];
  if (typeof flag === 'string' && flag !== '') return { path: flag, source: { kind: 'flag', name: 'config' } };
  const fromEnv = env['BLOCKOPS_CONFIG'];
  if (fromEnv) return { path: fromEnv, source: { kind: 'environment', name: 'BLOCKOPS_CONFIG' } };
  const local = resolve(cwd, 'blockops.yaml');
  return existsSync(local) ? { path: local, source: { kind: 'default', name: 'blockops.yaml' } } : undefined;
}

function describeIssue(issue: z.core.$ZodIssue, source: (key: string) => Source): ConfigProblem[] {
  const at = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(at).join(', ');
    return issue.keys.map((k) =>
      problemAt(source(at ? `${at}.${k}` : k), `is not a known setting (known${at ? ` under ${at}` : ''}: ${known})`),
    );
  }
  if (issue.code === 'invalid_type' && issue.expected === 'object') {
    return [problemAt(source(at), 'must be a mapping of keys to values')];
  }
  return [problemAt(source(at), issue.message)];
}

function flatten(data: Record<string, unknown>, prefix: string, out: Map<string, Raw>): void {
  for (const [key, value] of Object.entries(data)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value === null || value === undefined) continue;
    if (isMap(value)) flatten(value, path, out);
    else out.set(path, value as Raw);
  }
}
