import { pyRepr } from '../pyrepr.js';
import { httpError } from '../respond.js';

export const DISK_FORMATS = [null, 'ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop'];
export const CONTAINER_FORMATS = [null, 'ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker', 'compressed'];
export const VISIBILITIES = ['community', 'public', 'private', 'shared'];

/** Attributes Glance computes itself; a client setting one gets a 403. */
export const READ_ONLY = [
  'checksum',
  'created_at',
  'direct_url',
  'file',
  'locations',
  'os_hash_algo',
  'os_hash_value',
  'schema',
  'self',
  'size',
  'status',
  'stores',
  'updated_at',
  'virtual_size',
];

/** The 400 Glance gives for a value outside an enum, word for word (see image-create-400-bad-format.json). */
export function enumError(field: string, description: string, allowed: (string | null)[], value: unknown) {
  const list = `[${allowed.map(pyRepr).join(', ')}]`;
  const pad = ' '.repeat(14);
  const enumLines = allowed.map(pyRepr).join(`,\n${pad}`);
  return httpError(
    400,
    `Provided object does not match schema 'image': ${pyRepr(value)} is not one of ${list}\n\n` +
      `Failed validating 'enum' in schema['properties']['${field}']:\n` +
      `    {'description': '${description}',\n     'enum': [${enumLines}],\n     'type': ['null', 'string']}\n\n` +
      `On instance['${field}']:\n    ${pyRepr(value)}`,
  );
}

export function typeError(field: string, value: unknown, type: string) {
  return httpError(
    400,
    `Provided object does not match schema 'image': ${pyRepr(value)} is not of type '${type}'\n\n` +
      `Failed validating 'type' in schema['properties']['${field}']\n\nOn instance['${field}']:\n    ${pyRepr(value)}`,
  );
}

/** Validates one attribute value for create and PATCH; returns it normalised. */
export function checkAttribute(field: string, value: unknown): unknown {
  switch (field) {
    case 'disk_format':
      if (!DISK_FORMATS.includes(value as string | null))
        throw enumError(field, 'Format of the disk', DISK_FORMATS, value);
      return value;
    case 'container_format':
      if (!CONTAINER_FORMATS.includes(value as string | null)) {
        throw enumError(field, 'Format of the container', CONTAINER_FORMATS, value);
      }
      return value;
    case 'visibility':
      if (!VISIBILITIES.includes(value as string))
        throw enumError(field, 'Scope of image accessibility', VISIBILITIES, value);
      return value;
    case 'min_disk':
    case 'min_ram':
      if (!Number.isInteger(value)) throw typeError(field, value, 'integer');
      if ((value as number) < 0)
        throw httpError(400, `Provided object does not match schema 'image': ${value} is less than the minimum of 0`);
      return value;
    case 'protected':
    case 'os_hidden':
      if (typeof value !== 'boolean') throw typeError(field, value, 'boolean');
      return value;
    case 'name':
      if (value !== null && typeof value !== 'string') throw typeError(field, value, 'string');
      if (typeof value === 'string' && value.length > 255)
        throw httpError(400, `Provided object does not match schema 'image': '${value.slice(0, 20)}…' is too long`);
      return value;
    case 'tags':
      if (!Array.isArray(value) || value.some((t) => typeof t !== 'string')) throw typeError(field, value, 'array');
      return [...new Set(value as string[])];
    case 'owner':
      if (value !== null && typeof value !== 'string') throw typeError(field, value, 'string');
      return value;
    default:
      if (typeof value !== 'string') throw typeError(field, value, 'string');
      return value;
  }
}
