import { type Digest, generatedDigest, virtualSizeOf } from '../glance/data.js';
import { seededUuid } from '../ids.js';
import type { Emu } from '../runtime.js';
import type { Image, ImageData } from '../state/images.js';
import type { Volume } from '../state/volumes.js';
import type { SeededIdentity } from './identity.js';
import { seededVolume } from './records.js';

const MiB = 1024 ** 2;

export interface SeedImageSpec {
  /** Seeds the image's and its volume's ids. */
  label: string;
  name: string;
  /** The image's bytes (generated, or a file in the emulator's temp dir) and their digest. */
  data: ImageData;
  digest: Digest;
  diskFormat: 'raw' | 'qcow2';
  owner: string;
  visibility: Image['visibility'];
  createdAt: Date;
  properties?: Record<string, string>;
}

/** One image already in the Cinder store: active, its read-only image volume in `service`, its Lightbits volume. */
export function seedImage(emu: Emu, ids: SeededIdentity, spec: SeedImageSpec, blank: Volume[]): Image {
  const id = seededUuid(`image:${spec.label}`);
  const { data, digest, diskFormat } = spec;
  const vol = seededVolume(emu, {
    id: seededUuid(`image-volume:${spec.label}`),
    name: `image-${id}`,
    projectId: ids.projects.service,
    userId: ids.users.glance,
    size: Math.max(1, Math.ceil(digest.size / 1024 ** 3)),
    createdAt: spec.createdAt,
    metadata: { glance_image_id: id, image_owner: spec.owner, image_size: String(digest.size), readonly: 'True' },
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
    size: digest.size,
    virtualSize: virtualSizeOf(diskFormat, digest.head, digest.size),
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
    copies: [],
  };
  emu.state.images.set(id, image);
  return image;
}

/** `cirros`: raw, bare, 16 MiB, public, in the Cinder store. */
export async function seedCirros(emu: Emu, ids: SeededIdentity, blank: Volume[]): Promise<Image> {
  const data = { kind: 'generated' as const, seed: 'cirros', size: 16 * MiB };
  const spec: SeedImageSpec = {
    label: 'cirros',
    name: 'cirros',
    data,
    digest: await generatedDigest(data),
    diskFormat: 'raw',
    owner: ids.projects.admin,
    visibility: 'public',
    createdAt: new Date(Date.now() - 3_600_000),
  };
  return seedImage(emu, ids, spec, blank);
}
