import { badRequest } from './errors.js';
import { parseWireSize } from './size.js';
import type { NewSnapshot } from './snapshots.js';
import type { NewVolume, VolumeChange } from './volumes.js';

/**
 * Request bodies as protojson reads them: unknown fields rejected, numbers accepted quoted or not (the Cinder
 * driver sends replicaCount as "3"), `null` meaning "not set", sizes as strings with or without a unit.
 */
type Body = Record<string, unknown>;

const CREATE_VOLUME = new Set([
  'name',
  'size',
  'acl',
  'compression',
  'replicaCount',
  'IPAcl',
  'minReplicas',
  'sectorSize',
  'projectName',
  'sourceSnapshotUUID',
  'sourceSnapshotName',
  'placementRestrictions',
  'qosPolicyUUID',
  'qosPolicyName',
  'labels',
]);
const UPDATE_VOLUME = new Set(['UUID', 'acl', 'IPAcl', 'size', 'compression', 'projectName', 'Force', 'name']);
const UPDATE_MORE = ['qosPolicyUUID', 'qosPolicyName', 'labels', 'newName'];
const CREATE_SNAPSHOT = new Set(['name', 'sourceVolumeUUID', 'sourceVolumeName', 'retentionTime', 'description']);

export function parseJsonBody(text: string): Body {
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest('request body is not valid JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw badRequest('request body must be a JSON object');
  return value as Body;
}

export function newVolumeFrom(body: Body, project: string): NewVolume {
  onlyKnown(body, CREATE_VOLUME);
  const name = str(body['name']);
  if (!name) throw badRequest('name is required');
  const sizeBytes = size(body['size']);
  if (sizeBytes === undefined) throw badRequest('size is required, e.g. "20 GiB" or a number of bytes');
  return {
    project,
    name,
    sizeBytes,
    ...optNum('replicaCount', int(body['replicaCount'])),
    compression: bool(body['compression']),
    acl: list(body['acl']),
    ipAcl: list(body['IPAcl']),
    ...opt('sourceSnapshotUuid', str(body['sourceSnapshotUUID'])),
    ...opt('sourceSnapshotName', str(body['sourceSnapshotName'])),
    ...opt('qosPolicyUuid', str(body['qosPolicyUUID'])),
  };
}

export function volumeChangeFrom(body: Body): VolumeChange {
  onlyKnown(body, new Set([...UPDATE_VOLUME, ...UPDATE_MORE]));
  const change: VolumeChange = {};
  const acl = list(body['acl']);
  const ipAcl = list(body['IPAcl']);
  const sizeBytes = size(body['size']);
  const compression = bool(body['compression']);
  if (acl) change.acl = acl;
  if (ipAcl) change.ipAcl = ipAcl;
  if (sizeBytes !== undefined) change.sizeBytes = sizeBytes;
  if (compression !== undefined) change.compression = compression;
  if (body['Force'] === true) change.force = true;
  return change;
}

export function newSnapshotFrom(body: Body, project: string): NewSnapshot {
  onlyKnown(body, new Set([...CREATE_SNAPSHOT, 'projectName']));
  const name = str(body['name']);
  if (!name) throw badRequest('name is required');
  return {
    project,
    name,
    ...opt('sourceVolumeUuid', str(body['sourceVolumeUUID'])),
    ...opt('sourceVolumeName', str(body['sourceVolumeName'])),
    ...opt('description', str(body['description'])),
  };
}

function onlyKnown(body: Body, known: Set<string>): void {
  const unknown = Object.keys(body).filter((k) => !known.has(k));
  if (unknown.length) throw badRequest(`unknown field "${unknown[0]}" in request body`);
}

function str(v: unknown): string | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw badRequest(`expected a string, got ${JSON.stringify(v)}`);
  return v;
}

function int(v: unknown): number | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw badRequest(`expected an integer, got ${JSON.stringify(v)}`);
  return n;
}

function size(v: unknown): number | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  const n = parseWireSize(v);
  if (n === undefined) throw badRequest(`invalid size ${JSON.stringify(v)}`);
  return n;
}

/** "valid values: true/enable/enabled or false/disable/disabled" (the driver sends "True"/"False"). */
function bool(v: unknown): boolean | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  if (typeof v === 'boolean') return v;
  const s = String(v).toLowerCase();
  if (['true', 'enable', 'enabled'].includes(s)) return true;
  if (['false', 'disable', 'disabled'].includes(s)) return false;
  throw badRequest(`invalid compression value ${JSON.stringify(v)}`);
}

function list(v: unknown): string[] | undefined {
  if (v === null || v === undefined) return undefined;
  const values = (v as { values?: unknown }).values;
  if (typeof v !== 'object' || (values != null && !Array.isArray(values))) {
    throw badRequest('ACL fields take {"values": [...]}');
  }
  return ((values as unknown[] | null | undefined) ?? []).map(String);
}

function optNum<K extends string>(key: K, v: number | undefined): Partial<Record<K, number>> {
  return v === undefined || v === 0 ? {} : ({ [key]: v } as Record<K, number>);
}

function opt<K extends string>(key: K, v: string | undefined): Partial<Record<K, string>> {
  return v === undefined ? {} : ({ [key]: v } as Record<K, string>);
}
