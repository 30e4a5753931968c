import { readFile } from 'node:fs/promises';
import { parse, YAMLError } from 'yaml';
import { ConfigError, problem } from './errors.js';

export type YamlMap = Record<string, unknown>;

export function isMap(v: unknown): v is YamlMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads a YAML (or JSON) file whose top level must be a mapping; an empty file is an empty mapping.
 * Parse errors give the position only: the library's excerpt of the line could show a password.
 */
export async function readYamlMap(path: string): Promise<YamlMap> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ConfigError([problem(path, `${path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`)]);
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (e) {
    if (!(e instanceof YAMLError)) throw e;
    const pos = e.linePos?.[0];
    const at = pos ? ` at line ${pos.line}, column ${pos.col}` : '';
    throw new ConfigError([problem(path, `${path}: is not valid YAML (${e.code}${at})`)]);
  }
  if (data === null || data === undefined) return {};
  if (!isMap(data))
    throw new ConfigError([problem(path, `${path}: the top level must be a mapping of keys to values`)]);
  return data;
}
