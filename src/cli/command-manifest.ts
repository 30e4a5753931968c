import { readFileSync } from 'node:fs';
import type { InputFieldOf } from '../core/engine/input-fields.js';
import type { AnyOperation, Effect } from '../core/engine/operation.js';

/** What the CLI knows of an operation without loading it (or zod): enough for its verb, help and flags. */
export interface VerbSpec {
  name: string;
  title: string;
  description: string;
  effect: Effect;
  managesRequests: boolean;
  mayNeedApproval: boolean;
  /** Its input fields, each a flag. */
  fields: InputFieldOf[];
  /** The module that defines it, relative to the package's dist/ directory, and the name it is exported as. */
  module: string;
  export: string;
}

export interface CommandManifest {
  verbs: VerbSpec[];
}

/** Written next to the compiled code by `npm run build` (src/cli/write-command-manifest.ts). */
export const MANIFEST_FILE = 'commands.json';

/**
 * The verbs, read from the manifest the build wrote: `--help`, completion and flag parsing need neither zod nor
 * the operations, which cost most of a start-up.
 */
export function readManifest(): CommandManifest {
  const file = new URL(`../${MANIFEST_FILE}`, import.meta.url);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    throw new Error(`${file.pathname} is missing: this build of blockops is incomplete; run npm run build`);
  }
  return JSON.parse(text) as CommandManifest;
}

/** The operation behind a verb: only its own module (and what that imports) loads. */
export async function loadOperation(spec: VerbSpec): Promise<AnyOperation> {
  const url = new URL(`../${spec.module}`, import.meta.url).href;
  const mod = (await import(url)) as Record<string, AnyOperation | undefined>;
  const op = mod[spec.export];
  if (op?.name !== spec.name) throw new Error(`${spec.module} does not export ${spec.name}: rebuild (npm run build)`);
  return op;
}
