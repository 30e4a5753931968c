import { isAdminToken } from '../keystone/tokens.js';
import { httpError } from '../respond.js';
import type { Emu } from '../runtime.js';
import type { Token } from '../state/identity.js';
import type { Image } from '../state/images.js';
import { checkAttribute, READ_ONLY } from './schema.js';

/** Sets one client-settable attribute (core or additional property) after validating it like Glance. */
export function setAttribute(emu: Emu, token: Token, image: Image, field: string, raw: unknown): void {
  if (READ_ONLY.includes(field)) throw httpError(403, `Attribute '${field}' is read-only.`);
  if (field === 'id') throw httpError(403, "Attribute 'id' is read-only.");
  const value = checkAttribute(field, raw);
  switch (field) {
    case 'name':
      image.name = value as string | null;
      return;
    case 'disk_format':
    case 'container_format':
      if (image.status !== 'queued') {
        throw httpError(403, `Attribute '${field}' can be only replaced for a queued image.`);
      }
      if (field === 'disk_format') image.diskFormat = value as string | null;
      else image.containerFormat = value as string | null;
      return;
    case 'visibility':
      if (value === 'public' && !isAdminToken(emu, token)) {
        throw httpError(403, 'You are not authorized to complete publicize_image action.');
      }
      image.visibility = value as Image['visibility'];
      return;
    case 'min_disk':
      image.minDisk = value as number;
      return;
    case 'min_ram':
      image.minRam = value as number;
      return;
    case 'protected':
      image.protected = value as boolean;
      return;
    case 'os_hidden':
      image.osHidden = value as boolean;
      return;
    case 'tags':
      image.tags = value as string[];
      return;
    case 'owner':
      if (!isAdminToken(emu, token) && value !== image.owner) {
        throw httpError(403, "You are not permitted to modify 'owner' on this image.");
      }
      image.owner = value as string;
      return;
    default:
      image.properties[field] = value as string;
  }
}

const CORE = [
  'name',
  'disk_format',
  'container_format',
  'visibility',
  'min_disk',
  'min_ram',
  'protected',
  'os_hidden',
  'tags',
  'owner',
];

export function isCoreAttribute(field: string): boolean {
  return CORE.includes(field) || READ_ONLY.includes(field) || field === 'id';
}
