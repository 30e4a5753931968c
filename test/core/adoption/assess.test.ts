import { describe, expect, it } from 'vitest';
import { ImageSchema } from '../../../src/clients/openstack/image/types.js';
import { VolumeSchema } from '../../../src/clients/openstack/volume/types.js';
import { assessImage, indexVolumes, routeOf } from '../../../src/core/adoption/classify.js';
import { summarizeFleet } from '../../../src/core/adoption/summarize-fleet.js';
import type { CloneTarget } from '../../../src/core/clone/facts.js';

const PROJECT = '133cd1cab6df4901b315cca41c5d894f';
const GiB = 1024 ** 3;
const target: CloneTarget = {
  targetProject: PROJECT,
  targetVolumeType: 'lightbits',
  backendOfType: { lightbits: 'lightbits', slow: 'lvm' },
  targetTypeEncrypted: false,
  directUrlSchemes: ['cinder'],
};

let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

function image(over: Record<string, unknown> = {}) {
  const id = uuid();
  const volId = uuid();
  const inCinder = (over['stores'] ?? 'cinder') === 'cinder';
  return {
    volId,
    image: ImageSchema.parse({
      id,
      name: `img-${id.slice(-3)}`,
      status: 'active',
      disk_format: 'raw',
      container_format: 'bare',
      size: GiB,
      virtual_size: GiB,
      owner: PROJECT,
      visibility: 'public',
      stores: 'cinder',
      locations: [
        inCinder
          ? { url: `cinder://cinder/${volId}`, metadata: { store: 'cinder' } }
          : { url: `file:///var/lib/glance/images/${id}`, metadata: { store: 'file' } },
      ],
      ...over,
    }),
  };
}

function storeVolume(imageId: string, volId: string, type = 'lightbits', readonly = 'True') {
  return VolumeSchema.parse({
    id: volId,
    name: `image-${imageId}`,
    status: 'available',
    size: 1,
    volume_type: type,
    metadata: { readonly, image_owner: PROJECT, glance_image_id: imageId },
    'os-vol-host-attr:host': 'box@lightbits#lightbits',
  });
}

const madeFrom = (imageId: string) =>
  VolumeSchema.parse({
    id: uuid(),
    name: 'vm-disk',
    status: 'in-use',
    size: 2,
    volume_image_metadata: { image_id: imageId },
  });

describe('assessImage', () => {
  it('calls a raw+bare image with its read-only store volume on the target backend ready', () => {
    const { image: img, volId } = image();
    const index = indexVolumes({ volumes: [storeVolume(img.id, volId)], allProjects: true });
    const a = assessImage(img, index, target);
    expect(a.predicted_path).toBe('block-clone');
    expect(a.route).toBe('ready');
    expect(a.failing).toEqual([]);
    expect(a.image_volume).toEqual({ exists: 'yes', volume_id: volId, read_only: true, on_target_backend: 'yes' });
    expect(a.copy_cost_bytes).toBe(0);
  });

  it('names raw_bare for a qcow2 in the cinder store, counts its volumes and routes it to conversion', () => {
    const { image: img, volId } = image({ disk_format: 'qcow2', virtual_size: 4 * GiB });
    const vols = [storeVolume(img.id, volId), madeFrom(img.id), madeFrom(img.id), madeFrom(uuid())];
    const a = assessImage(img, indexVolumes({ volumes: vols, allProjects: true }), target);
    expect(a.predicted_path).toBe('copy');
    expect(a.failing.map((f) => f.id)).toEqual(['raw_bare']);
    expect(a.volumes_made).toBe(2);
    expect(a.copy_cost_bytes).toBe(2 * 4 * GiB);
    expect(a.route).toBe('convert-to-raw');
  });

  it('names cinder_location for a raw image in the file store and routes it to copy-image', () => {
    const { image: img } = image({ stores: 'file' });
    const a = assessImage(img, indexVolumes({ volumes: [], allProjects: true }), target);
    expect(a.stores).toEqual(['file']);
    expect(a.failing.map((f) => f.id)).toEqual(['cinder_location']);
    expect(a.route).toBe('copy-to-cinder');
    expect(a.image_volume).toBeUndefined();
  });

  it('says the store volume is missing only when every project was visible', () => {
    const { image: img } = image();
    expect(assessImage(img, indexVolumes({ volumes: [], allProjects: true }), target).image_volume?.exists).toBe('no');
    expect(assessImage(img, indexVolumes({ volumes: [], allProjects: false }), target).image_volume?.exists).toBe(
      'unknown',
    );
  });

  it('flags a store volume on another backend as not adoptable: the image is fine, the cloud is not', () => {
    const { image: img, volId } = image();
    const a = assessImage(
      img,
      indexVolumes({ volumes: [storeVolume(img.id, volId, 'slow')], allProjects: true }),
      target,
    );
    expect(a.failing.map((f) => f.id)).toEqual(['same_backend']);
    expect(a.image_volume?.on_target_backend).toBe('no');
    expect(a.route).toBe('not-adoptable');
  });
});

describe('routeOf', () => {
  it('converts only plain disk formats in a bare container', () => {
    expect(routeOf({ diskFormat: 'vmdk', containerFormat: 'bare' }, false, ['raw_bare', 'cinder_location'])).toBe(
      'convert-to-raw',
    );
    expect(routeOf({ diskFormat: 'iso', containerFormat: 'bare' }, true, ['raw_bare'])).toBe('not-adoptable');
    expect(routeOf({ diskFormat: 'raw', containerFormat: 'ovf' }, true, ['raw_bare'])).toBe('not-adoptable');
    expect(routeOf({ diskFormat: 'raw', containerFormat: 'bare' }, true, ['cinder_location'])).toBe('not-adoptable');
  });
});

describe('summarizeFleet', () => {
  it('groups will-copy images by reason, adds file-store bytes and prices the copies', () => {
    const q = image({ disk_format: 'qcow2' });
    const f = image({ stores: 'file', size: 2 * GiB, virtual_size: 2 * GiB });
    const r = image();
    const vols = [
      storeVolume(q.image.id, q.volId),
      storeVolume(r.image.id, r.volId),
      madeFrom(q.image.id),
      madeFrom(f.image.id),
    ];
    const index = indexVolumes({ volumes: vols, allProjects: true });
    const all = [q, f, r].map((x) => assessImage(x.image, index, target));
    const s = summarizeFleet(all, 128, []);
    expect(s).toMatchObject({ images: 3, ready: 1, will_copy: 2 });
    expect(s.will_copy_by_reason).toEqual({ raw_bare: 1, cinder_location: 1 });
    expect(s.by_route).toEqual({ 'convert-to-raw': 1, 'copy-to-cinder': 1, ready: 1 });
    expect(s.file_store_bytes).toBe(2 * GiB);
    expect(s.copy_cost).toEqual({ volumes_made: 2, bytes: 3 * GiB, estimated_seconds: 24, throughput_mib_s: 128 });
    expect(s.top_offenders.map((t) => t.image_id)).toEqual([f.image.id, q.image.id]);
  });
});
