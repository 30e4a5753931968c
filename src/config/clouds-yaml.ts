import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, problemAt, type Source } from './errors.js';
import type { OsEntry } from './openstack-keys.js';
import { isMap, readYamlMap, type YamlMap } from './yaml-file.js';

/** The named cloud, flattened (`auth:` keys beside the top-level ones), each value with the file key it came from. */
export interface SelectedCloud {
  name: string;
  /** clouds.yaml that defines it (or secure.yaml, if only that one does). */
  path: string;
  values: Map<string, OsEntry>;
}

interface LoadedFile {
  path: string;
  clouds: YamlMap;
}

/**
 * openstacksdk's search order (openstack/config/loader.py CONFIG_SEARCH_PATH on Linux): the current directory,
 * the user config dir ($XDG_CONFIG_HOME or ~/.config)/openstack, ~/.config/openstack, the site config dir
 * ($XDG_CONFIG_DIRS' first entry or /etc/xdg)/openstack, /etc/openstack; in each, .yaml then .yml then .json.
 * OS_CLIENT_CONFIG_FILE / OS_CLIENT_SECURE_FILE are put in front of the list. The first file that exists wins.
 */
export function searchPaths(base: 'clouds' | 'secure', env: NodeJS.ProcessEnv, cwd: string, home: string): string[] {
  const userConfig = env['XDG_CONFIG_HOME'] || join(home, '.config');
  const siteConfig = (env['XDG_CONFIG_DIRS'] || '/etc/xdg').split(':')[0] || '/etc/xdg';
  const dirs = [
    cwd,
    join(userConfig, 'openstack'),
    join(home, '.config', 'openstack'),
    join(siteConfig, 'openstack'),
    '/etc/openstack',
  ];
  const files = [...new Set(dirs)].flatMap((d) => ['.yaml', '.yml', '.json'].map((s) => join(d, base + s)));
  const override = env[base === 'clouds' ? 'OS_CLIENT_CONFIG_FILE' : 'OS_CLIENT_SECURE_FILE'];
  return override ? [resolve(cwd, override), ...files] : files;
}

async function loadFirst(paths: string[]): Promise<LoadedFile | undefined> {
  const path = paths.find((p) => existsSync(p));
  if (!path) return undefined;
  const data = await readYamlMap(path);
  const clouds = data['clouds'] ?? {};
  if (!isMap(clouds)) {
    throw new ConfigError([problemAt({ kind: 'file', name: 'clouds', path }, 'must be a mapping of cloud names')]);
  }
  return { path, clouds };
}

/**
 * Finds cloud `name` in clouds.yaml with secure.yaml merged over it (openstacksdk merges the two files key by key).
 * `region` (from OS_REGION_NAME or a flag) picks an entry of the cloud's `regions:` list and applies its `values`.
 */
export async function selectCloud(
  name: string,
  nameSource: Source,
  ctx: { env: NodeJS.ProcessEnv; cwd: string; home: string; region: string | undefined },
): Promise<SelectedCloud> {
  const config = await loadFirst(searchPaths('clouds', ctx.env, ctx.cwd, ctx.home));
  const secure = await loadFirst(searchPaths('secure', ctx.env, ctx.cwd, ctx.home));
  const files = [config, secure].filter((f): f is LoadedFile => f !== undefined && f.clouds[name] !== undefined);
  if (files.length === 0) throw new ConfigError([problemAt(nameSource, notFound(name, config, secure, ctx))]);
  const values = new Map<string, OsEntry>();
  for (const file of files) {
    const cloud = file.clouds[name];
    const prefix = `clouds.${name}`;
    if (!isMap(cloud)) {
      throw new ConfigError([problemAt({ kind: 'file', name: prefix, path: file.path }, 'must be a mapping')]);
    }
    flattenInto(values, cloud, prefix, file.path);
  }
  applyRegion(values, files, name, ctx.region);
  return { name, path: files[0]!.path, values };
}

function notFound(
  name: string,
  config: LoadedFile | undefined,
  secure: LoadedFile | undefined,
  ctx: { env: NodeJS.ProcessEnv; cwd: string; home: string },
): string {
  if (!config && !secure) {
    const dirs = searchPaths('clouds', ctx.env, ctx.cwd, ctx.home).filter((p) => p.endsWith('.yaml'));
    return `names cloud "${name}", but no clouds.yaml was found (looked for ${dirs.join(', ')}, also .yml and .json)`;
  }
  const names = [...new Set([...Object.keys(config?.clouds ?? {}), ...Object.keys(secure?.clouds ?? {})])];
  const where = [config?.path, secure?.path].filter(Boolean).join(' and ');
  return `names cloud "${name}", which ${where} do${config && secure ? '' : 'es'} not define (clouds found: ${names.join(', ') || 'none'})`;
}

const scalar = (v: unknown): v is string | number | boolean =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
const normalize = (key: string) => key.replace(/-/g, '_');

/** Top-level keys first, then `auth:` keys over them (the keystoneauth plugin reads `auth:` first). */
function flattenInto(out: Map<string, OsEntry>, cloud: YamlMap, prefix: string, path: string): void {
  const add = (map: YamlMap, at: string) => {
    for (const [key, value] of Object.entries(map)) {
      if (scalar(value)) out.set(normalize(key), { raw: value, source: { kind: 'file', name: `${at}.${key}`, path } });
    }
  };
  add(cloud, prefix);
  if (isMap(cloud['auth'])) add(cloud['auth'], `${prefix}.auth`);
}

function applyRegion(
  values: Map<string, OsEntry>,
  files: LoadedFile[],
  name: string,
  wanted: string | undefined,
): void {
  const file = files.find((f) => isMap(f.clouds[name]) && Array.isArray((f.clouds[name] as YamlMap)['regions']));
  if (!file) return;
  const regions = (file.clouds[name] as YamlMap)['regions'] as unknown[];
  const at = (i: number): Source => ({ kind: 'file', name: `clouds.${name}.regions[${i}]`, path: file.path });
  const names = regions.map((r) => (isMap(r) ? String(r['name'] ?? '') : String(r)));
  const index = wanted === undefined ? 0 : names.indexOf(wanted);
  if (index < 0) {
    const msg = `"${wanted}" is not a region of cloud "${name}" (its regions: ${names.join(', ')}; names are case-sensitive)`;
    throw new ConfigError([problemAt({ kind: 'file', name: `clouds.${name}.regions`, path: file.path }, msg)]);
  }
  const region = regions[index];
  if (region === undefined) return;
  values.set('region_name', { raw: names[index]!, source: at(index) });
  if (isMap(region) && isMap(region['values']))
    flattenInto(values, region['values'], `${at(index).name}.values`, file.path);
}
