import { OpsError } from '../core/errors/ops-error.js';

/** Where a setting's value came from; every configuration error names it. */
export type Source =
  | { kind: 'default'; name: string }
  | { kind: 'environment'; name: string }
  | { kind: 'flag'; name: string }
  /** name: the dotted key inside the file, e.g. `server.port` or `clouds.dev.auth.password`. */
  | { kind: 'file'; name: string; path: string };

/** `PORT (environment)`, `--port (flag)`, `server.port (file /etc/blockops.yaml)`. */
export function where(source: Source): string {
  switch (source.kind) {
    case 'environment':
      return `${source.name} (environment)`;
    case 'flag':
      return `--${source.name} (flag)`;
    case 'file':
      return `${source.name} (file ${source.path})`;
    case 'default':
      return `${source.name} (default)`;
  }
}

export interface ConfigProblem {
  /** The setting as the user wrote it: env var, flag or file key. */
  setting: string;
  /** `environment`, `flag`, `default`, or the file's path. */
  source: string;
  /** Full sentence, starting with where the value came from. Never contains a secret. */
  message: string;
}

export function problemAt(source: Source, text: string): ConfigProblem {
  return {
    setting: source.kind === 'flag' ? `--${source.name}` : source.name,
    source: source.kind === 'file' ? source.path : source.kind,
    message: `${where(source)}: ${text}`,
  };
}

/** A problem with no single source, e.g. a required setting that nobody set. */
export function problem(setting: string, message: string): ConfigProblem {
  return { setting, source: 'none', message };
}

/** Invalid configuration: code CONFIG.INVALID, one line per problem, secrets never included. */
export class ConfigError extends OpsError {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[], options?: { cause?: unknown }) {
    const lines = problems.map((p) => p.message);
    const message =
      lines.length === 1
        ? `Invalid configuration: ${lines[0]}`
        : `Invalid configuration (${lines.length} problems):\n${lines.map((l) => `  - ${l}`).join('\n')}`;
    super('CONFIG.INVALID', message, { cause: options?.cause, details: { problems } });
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Collects problems so one run reports all of them, not just the first. */
export class Problems {
  readonly list: ConfigProblem[] = [];

  add(p: ConfigProblem): void {
    this.list.push(p);
  }

  /** Runs `fn`, turning a thrown ConfigError into collected problems; returns undefined then. */
  async capture<T>(fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      for (const p of e.problems) this.add(p);
      return undefined;
    }
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new ConfigError(this.list);
  }
}
