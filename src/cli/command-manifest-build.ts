import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inputFieldsOf } from '../core/engine/input-fields.js';
import { type AnyOperation, mayNeedApproval } from '../core/engine/operation.js';
import { allOperations } from '../core/operations.js';
import type { CommandManifest, VerbSpec } from './command-manifest.js';

/**
 * The manifest of the live registry. `root` is the directory holding core/ (dist/, or src/ in tests): every
 * `*.op` module under it is imported to learn which module exports which operation.
 */
export async function buildManifest(root: string): Promise<CommandManifest> {
  const where = new Map<AnyOperation, { module: string; export: string }>();
  const files = readdirSync(join(root, 'core'), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.op\.(js|ts)$/.test(f))
    .sort();
  for (const file of files) {
    const mod = (await import(join(root, 'core', file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      const op = allOperations.find((o) => o === value);
      if (op) where.set(op, { module: `core/${file.replace(/\.ts$/, '.js')}`, export: name });
    }
  }
  const verbs = allOperations.map((op): VerbSpec => {
    const found = where.get(op);
    if (!found) throw new Error(`operation ${op.name} is exported by no *.op module under ${root}/core`);
    return {
      name: op.name,
      title: op.title,
      description: op.description,
      effect: op.effect,
      managesRequests: op.managesRequests === true,
      mayNeedApproval: mayNeedApproval(op),
      fields: inputFieldsOf(op),
      ...found,
    };
  });
  return { verbs };
}
