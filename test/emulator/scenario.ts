import type { RunningEmulator } from '../../src/emulator/index.js';
import { call, field, pollUntil, type Reply } from './client.js';

export const CINDER_360 = { 'OpenStack-API-Version': 'volume 3.60' };
export const NOVA_279 = { 'OpenStack-API-Version': 'compute 2.79' };

export interface UploadSpec {
  name: string;
  diskFormat?: string;
  bytes: Uint8Array;
  store?: 'cinder' | 'file';
}

/** POST /v2/images then PUT its bytes; returns the image id once the upload call has returned. */
export async function uploadImage(emu: RunningEmulator, token: string, spec: UploadSpec): Promise<string> {
  const created = await call(emu, 'POST', '/image/v2/images', {
    token,
    body: { name: spec.name, disk_format: spec.diskFormat ?? 'raw', container_format: 'bare' },
  });
  if (created.status !== 201) throw new Error(`image create: HTTP ${created.status} ${created.text}`);
  const id = field(created, 'id') as string;
  const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream' };
  if (spec.store) headers['X-Image-Meta-Store'] = spec.store;
  const put = await call(emu, 'PUT', `/image/v2/images/${id}/file`, { token, raw: spec.bytes, headers });
  if (put.status !== 204) throw new Error(`image upload: HTTP ${put.status} ${put.text}`);
  return id;
}

export function volumePath(emu: RunningEmulator, who: 'admin' | 'member' = 'admin'): string {
  return `/volume/v3/${emu.users[who].projectId}/volumes`;
}

export async function createVolumeFromImage(
  emu: RunningEmulator,
  token: string,
  imageId: string,
  size: number,
  name = 'from-image',
): Promise<Reply> {
  return call(emu, 'POST', volumePath(emu), {
    token,
    headers: CINDER_360,
    body: { volume: { name, size, imageRef: imageId } },
  });
}

/** Polls a volume until `target`, returning every status seen in order. */
export async function volumeStatuses(
  emu: RunningEmulator,
  token: string,
  id: string,
  target: string,
  who: 'admin' | 'member' = 'admin',
): Promise<string[]> {
  return pollUntil(
    async () =>
      field(
        await call(emu, 'GET', `${volumePath(emu, who)}/${id}`, { token, headers: CINDER_360 }),
        'volume',
        'status',
      ) as string,
    (s) => s === target || s === 'error',
  );
}

export async function bootFromVolume(
  emu: RunningEmulator,
  token: string,
  volumeId: string,
  extra: Record<string, unknown> = {},
): Promise<Reply> {
  return call(emu, 'POST', '/compute/v2.1/servers', {
    token,
    headers: NOVA_279,
    body: {
      server: {
        name: 'cap-vm',
        flavorRef: '1',
        networks: 'none',
        block_device_mapping_v2: [
          {
            uuid: volumeId,
            source_type: 'volume',
            destination_type: 'volume',
            boot_index: 0,
            delete_on_termination: false,
          },
        ],
        ...extra,
      },
    },
  });
}

export async function serverStatuses(emu: RunningEmulator, token: string, id: string): Promise<string[]> {
  return pollUntil(
    async () =>
      field(
        await call(emu, 'GET', `/compute/v2.1/servers/${id}`, { token, headers: NOVA_279 }),
        'server',
        'status',
      ) as string,
    (s) => s === 'ACTIVE' || s === 'ERROR',
  );
}

export async function summary(emu: RunningEmulator): Promise<Record<string, unknown>> {
  const r = await call(emu, 'GET', '/_emulator/state');
  return r.json as Record<string, unknown>;
}

/** The Lightbits volume a Cinder volume maps to, read through the Lightbits REST API (null when absent). */
export async function lightbitsVolume(
  emu: RunningEmulator,
  cinderVolumeId: string,
): Promise<Record<string, unknown> | null> {
  const { endpoints, jwt, project } = emu.lightbits;
  const res = await fetch(`${endpoints[0]}/api/v2/projects/${project}/volumes/?name=volume-${cinderVolumeId}`, {
    headers: { Authorization: `Bearer ${jwt}`, Accept: 'application/json' },
  });
  if (res.status === 404) return null;
  if (res.status !== 200) throw new Error(`Lightbits GET volume: HTTP ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}
