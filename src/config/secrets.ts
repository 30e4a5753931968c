import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError, problemAt, type Source } from './errors.js';
import type { Raw } from './values.js';

/** A secret given directly, as a file to read, or as a command whose stdout is the secret. */
export interface SecretRef {
  via: 'value' | 'file' | 'command';
  /** The secret itself, the file path, or the shell command. Only `file` paths ever appear in messages. */
  text: string;
  source: Source;
}

export const SECRET_COMMAND_TIMEOUT_MS = 10_000;

/**
 * Finds `NAME`, `NAME_FILE` or `NAME_COMMAND` (env style) or `name`, `name_file`, `name_command` (YAML style).
 * Setting more than one of them is an error: which one wins would be a guess.
 */
export function findSecret(
  name: string,
  style: 'env' | 'yaml',
  lookup: (key: string) => Raw | undefined,
  sourceOf: (key: string) => Source,
): SecretRef | undefined {
  const [fileKey, commandKey] =
    style === 'env' ? [`${name}_FILE`, `${name}_COMMAND`] : [`${name}_file`, `${name}_command`];
  const found: SecretRef[] = [];
  for (const [key, via] of [
    [name, 'value'],
    [fileKey, 'file'],
    [commandKey, 'command'],
  ] as const) {
    const v = lookup(key);
    if (v === undefined || v === '') continue;
    // YAML reads `password: 123456` as a number; it is still the password.
    if (typeof v !== 'string' && typeof v !== 'number')
      throw new ConfigError([problemAt(sourceOf(key), 'must be a string')]);
    found.push({ via, text: String(v), source: sourceOf(key) });
  }
  if (found.length > 1) {
    const names = found.map((f) => f.source.name).join(', ');
    throw new ConfigError([problemAt(found[0]!.source, `set only one of ${names}`)]);
  }
  return found[0];
}

/** Reads the secret a ref points to. Errors name the setting (and a file's path), never the secret or the output. */
export async function readSecret(ref: SecretRef, baseDir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const fail = (text: string): never => {
    throw new ConfigError([problemAt(ref.source, text)]);
  };
  if (ref.via === 'value') return ref.text;
  if (ref.via === 'file') {
    const path = resolve(baseDir, ref.text);
    let content: string;
    try {
      content = await readFile(path, 'utf8');
    } catch (e) {
      return fail(`cannot read the secret file ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const secret = content.replace(/\r?\n$/, '');
    return secret === '' ? fail(`the secret file ${path} is empty`) : secret;
  }
  const stdout = await runCommand(ref.text, baseDir, env).catch((e: unknown) => fail(describeFailure(e)));
  const secret = stdout.trim();
  return secret === '' ? fail('the command printed nothing on stdout') : secret;
}

function runCommand(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((done, reject) => {
    execFile(
      '/bin/sh',
      ['-c', command],
      { cwd, env, timeout: SECRET_COMMAND_TIMEOUT_MS, maxBuffer: 1024 * 1024, encoding: 'utf8' },
      (error, stdout) => (error ? reject(error) : done(stdout)),
    );
  });
}

function describeFailure(e: unknown): string {
  const err = e as { code?: number | string; killed?: boolean; signal?: string | null };
  if (err.killed) return `the command did not finish within ${SECRET_COMMAND_TIMEOUT_MS / 1000} s and was stopped`;
  if (typeof err.code === 'number') return `the command failed with exit status ${err.code}`;
  if (err.signal) return `the command was killed by ${err.signal}`;
  return `the command could not be run (${err.code ?? 'unknown error'})`;
}
