import { dirname } from 'node:path';
import type { z } from 'zod';
import { ConfigError, type Problems, problemAt, type Source } from './errors.js';
import type { ConfigFile } from './file.js';
import { findSecret, readSecret, type SecretRef } from './secrets.js';
import type { SettingSpec } from './settings.js';
import type { ConfigFlags } from './types.js';
import type { Raw } from './values.js';

export interface Layers {
  flags: ConfigFlags;
  env: NodeJS.ProcessEnv;
  file: ConfigFile | undefined;
  cwd: string;
}

export interface Resolved {
  value: unknown;
  source: Source;
}

const camel = (kebab: string) => kebab.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** A flag by its kebab-case name or commander's camelCase key. */
export function flagValue(flags: ConfigFlags, name: string): string | boolean | undefined {
  const v = flags[name] ?? flags[camel(name)];
  return v === '' ? undefined : v;
}

/** Empty variables count as unset, so `FOO= blockops …` switches a setting off. */
export function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name];
  return v === '' ? undefined : v;
}

export const envSource = (name: string): Source => ({ kind: 'environment', name });

type Picked = { raw: Raw; source: Source } | { ref: SecretRef; source: Source };

function pick(spec: SettingSpec, { flags, env, file }: Layers): Picked | undefined {
  const flag = spec.flag ? flagValue(flags, spec.flag) : undefined;
  if (spec.flag && flag !== undefined) return { raw: flag, source: { kind: 'flag', name: spec.flag } };
  if (spec.secret) {
    const ref =
      (spec.env ? findSecret(spec.env, 'env', (k) => envValue(env, k), envSource) : undefined) ??
      (spec.file && file ? findSecret(spec.file, 'yaml', (k) => file.values.get(k), file.source) : undefined);
    return ref ? { ref, source: ref.source } : undefined;
  }
  const fromEnv = spec.env ? envValue(env, spec.env) : undefined;
  if (spec.env && fromEnv !== undefined) return { raw: fromEnv, source: envSource(spec.env) };
  const fromFile = spec.file ? file?.values.get(spec.file) : undefined;
  if (spec.file && file && fromFile !== undefined) return { raw: fromFile, source: file.source(spec.file) };
  return undefined;
}

/** The winning value of one setting, validated; undefined when nothing set it and it has no default. */
export async function resolveSetting(spec: SettingSpec, layers: Layers): Promise<Resolved | undefined> {
  const picked = pick(spec, layers);
  if (!picked) {
    if (!spec.default) return undefined;
    return { value: spec.default(layers), source: { kind: 'default', name: spec.env ?? spec.key } };
  }
  const baseDir = picked.source.kind === 'file' ? dirname(picked.source.path) : layers.cwd;
  const raw = 'ref' in picked ? await readSecret(picked.ref, baseDir, layers.env) : picked.raw;
  const parsed = spec.schema(baseDir).safeParse(raw, { reportInput: true });
  if (parsed.success) return { value: parsed.data, source: picked.source };
  throw new ConfigError(parsed.error.issues.map((issue) => problemAt(picked.source, explain(spec, raw, issue))));
}

function explain(spec: SettingSpec, raw: Raw, issue: z.core.$ZodIssue): string {
  if (spec.secret) return issue.message;
  const shown = issue.path.length > 0 ? issue.input : raw;
  const display = typeof shown === 'string' && spec.display ? spec.display(shown) : shown;
  return `${JSON.stringify(display)} ${issue.message}`;
}

export interface ResolvedTable {
  values: Map<string, Resolved>;
  /** Keys that were set but invalid (their problems are already collected). */
  failed: Set<string>;
}

/** Resolves a table of settings, collecting every problem instead of stopping at the first. */
export async function resolveAll(specs: SettingSpec[], layers: Layers, problems: Problems): Promise<ResolvedTable> {
  const values = new Map<string, Resolved>();
  const failed = new Set<string>();
  for (const spec of specs) {
    const before = problems.list.length;
    const r = await problems.capture(() => resolveSetting(spec, layers));
    if (r) values.set(spec.key, r);
    else if (problems.list.length > before) failed.add(spec.key);
  }
  return { values, failed };
}
