import { generatedDigest, seededQcow2VirtualSize, virtualSizeOf } from '../glance/data.js';
import { seededUuid } from '../ids.js';
import type { Emu } from '../runtime.js';
import type { Image } from '../state/images.js';
import type { Volume } from '../state/volumes.js';
import type { SeededIdentity } from './identity.js';
import { seededVolume } from './records.js';

const MiB = 1024 ** 2;

interface SeedImageSpec {
  label: string;
  name: string;
  size: number;
  qcow2: boolean;
  owner: string;
  visibility: Image['visibility'];
  createdAt: Date;
  properties?: Record<string, string>;
}

/** One image already in the Cinder store: active, its read-only image volume in `service`, its Lightbits volume. */
async function seedImage(emu: Emu, ids: SeededIdentity, spec: SeedImageSpec, blank: Volume[]): Promise<Image> {
  const id = seededUuid(`image:${spec.label}`);
  const data = { kind: 'generated' as const, seed: spec.label, size: spec.size, qcow2: spec.qcow2 };
  const digest = await generatedDigest(data);
  const diskFormat = spec.qcow2 ? 'qcow2' : 'raw';
  const vol = seededVolume(emu, {
    id: seededUuid(`image-volume:${spec.label}`),
    name: `image-${id}`,
    projectId: ids.projects.service,
    userId: ids.users.glance,
    size: Math.max(1, Math.ceil(spec.size / 1024 ** 3)),
    createdAt: spec.createdAt,
    metadata: { glance_image_id: id, image_owner: spec.owner, image_size: String(spec.size), readonly: 'True' },
    createdBy: 'glance-store',
  });
  blank.push(vol);
  const image: Image = {
    id,
    name: spec.name,
    status: 'active',
    visibility: spec.visibility,
    protected: false,
    osHidden: false,
    owner: spec.owner,
    diskFormat,
    containerFormat: 'bare',
    minDisk: 0,
    minRam: 0,
    size: spec.size,
    virtualSize: spec.qcow2 ? seededQcow2VirtualSize(spec.size) : virtualSizeOf(diskFormat, digest.head, spec.size),
    checksum: digest.md5,
    hashAlgo: 'sha512',
    hashValue: digest.sha512,
    createdAt: spec.createdAt,
    updatedAt: spec.createdAt,
    tags: [],
    properties: spec.properties ?? {},
    store: 'cinder',
    locationUrl: `cinder://cinder/${vol.id}`,
    volumeId: vol.id,
    data,
    staged: null,
  };
  emu.state.images.set(id, image);
  return image;
}

/** `cirros` (raw, bare, 16 MiB, public) plus `count` more images, every third one qcow2 (so it takes the copy path). */
export async function seedImages(emu: Emu, ids: SeededIdentity, count: number, blank: Volume[]): Promise<Image> {
  const base = Date.now() - 3_600_000;
  const cirros = await seedImage(
    emu,
    ids,
    {
      label: 'cirros',
      name: 'cirros',
      size: 16 * MiB,
      qcow2: false,
      owner: ids.projects.admin,
      visibility: 'public',
      createdAt: new Date(base),
    },
    blank,
  );
  for (let i = 1; i <= count; i++) {
    const qcow2 = i % 3 === 0;
    await seedImage(
      emu,
      ids,
      {
        label: `seed-image-${i}`,
        name: `seed-image-${String(i).padStart(3, '0')}${qcow2 ? '-qcow2' : ''}`,
        size: (1 + (i % 4)) * MiB,
        qcow2,
        owner: i % 2 === 0 ? ids.projects.demo : ids.projects.admin,
        visibility: i % 2 === 0 ? 'shared' : 'public',
        createdAt: new Date(base + i * 1000),
      },
      blank,
    );
  }
  return cirros;
}
