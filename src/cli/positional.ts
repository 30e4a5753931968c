import { cliName } from '../core/engine/operation.js';
import type { VerbSpec } from './command-manifest.js';
import { flagName, optionKey } from './flags.js';

/**
 * The input a verb also takes as its argument, as the openstack command does (`image show cirros`): the required
 * field named after the verb's object (`get-image` → image, `approve-request` → request_id). The flag still works.
 */
export function positionalField(verb: Pick<VerbSpec, 'name' | 'fields'>): string | undefined {
  const noun = cliName(verb.name).split('-').slice(1).join('_');
  return verb.fields.find((f) => f.required && (f.name === noun || f.name === `${noun}_id`))?.name;
}

/** Puts the argument into the options under its flag's key; both given and different is a usage error. */
export function mergePositional(
  field: string | undefined,
  arg: string | undefined,
  options: Record<string, unknown>,
): string | undefined {
  if (!field || arg === undefined) return undefined;
  const key = optionKey(field);
  const flag = `--${flagName(field)}`;
  if (options[key] !== undefined && options[key] !== arg) {
    return `give the ${field.replace(/_/g, ' ')} once: as the argument "${arg}" or as ${flag} "${String(options[key])}"`;
  }
  options[key] = arg;
  return undefined;
}
