import { describe, expect, it } from 'vitest';
import { type ClonePathFacts, cinderVolumeIdFromUrl, predictClonePath } from '../../../src/core/clone/clone-path.js';

const VOL = 'cd820704-8625-49b6-9733-e4a0df23ebf2';
const PROJECT = '133cd1cab6df4901b315cca41c5d894f';

function facts(over: Partial<ClonePathFacts> = {}, image: Partial<ClonePathFacts['image']> = {}): ClonePathFacts {
  return {
    image: {
      id: '845422ce-552d-4495-bdfa-757bebc53256',
      diskFormat: 'raw',
      containerFormat: 'bare',
      owner: PROJECT,
      locationUrls: [`cinder://cinder/${VOL}`],
      ...image,
    },
    imageVolume: { id: VOL, host: 'osbox@lightbits#lightbits', volumeType: 'lightbits', imageOwner: PROJECT },
    targetProject: PROJECT,
    targetVolumeType: 'lightbits',
    targetTypeEncrypted: false,
    directUrlSchemes: ['cinder'],
    ...over,
  };
}

describe('cinderVolumeIdFromUrl', () => {
  it('reads both the single-store and the multi-store form', () => {
    expect(cinderVolumeIdFromUrl(`cinder://${VOL}`)).toBe(VOL);
    expect(cinderVolumeIdFromUrl(`cinder://cinder/${VOL}`)).toBe(VOL);
    expect(cinderVolumeIdFromUrl(`file:///var/lib/glance/images/${VOL}`)).toBeUndefined();
  });
});

describe('predictClonePath', () => {
  it('predicts a block clone, with certainty, when every condition holds', () => {
    const p = predictClonePath(facts());
    expect(p.path).toBe('block-clone');
    expect(p.confidence).toBe('certain');
    expect(p.reasons).toEqual([]);
    expect(p.conditions.every((c) => c.holds === 'yes')).toBe(true);
  });

  it('predicts the copy path for a qcow2 image and says to convert it to raw', () => {
    const p = predictClonePath(facts({}, { diskFormat: 'qcow2' }));
    expect(p.path).toBe('copy');
    expect(p.reasons.join(' ')).toMatch(/qcow2 \+ bare, not raw \+ bare/);
    expect(p.advice.join(' ')).toMatch(/qemu-img convert -O raw/);
  });

  it('predicts the copy path for an image in the file store', () => {
    const p = predictClonePath(facts({}, { locationUrls: ['file:///var/lib/glance/images/x'] }));
    expect(p.path).toBe('copy');
    expect(p.conditions.find((c) => c.id === 'cinder_location')?.holds).toBe('no');
  });

  it('predicts the copy path when Glance hides locations', () => {
    expect(predictClonePath(facts({}, { locationUrls: [] })).path).toBe('copy');
  });

  it('accepts an image volume in the service project when image_owner matches the image owner', () => {
    const p = predictClonePath(facts({ targetProject: 'other-project' }));
    expect(p.conditions.find((c) => c.id === 'owner')?.holds).toBe('yes');
    expect(p.path).toBe('block-clone');
  });

  it('refuses the clone when neither the project nor image_owner matches the owner', () => {
    const p = predictClonePath(
      facts({
        targetProject: 'other',
        imageVolume: { id: VOL, volumeType: 'lightbits', imageOwner: 'someone-else' },
      }),
    );
    expect(p.path).toBe('copy');
    expect(p.conditions.find((c) => c.id === 'owner')?.holds).toBe('no');
  });

  it('compares backends when the types differ, and copies across backends', () => {
    const p = predictClonePath(
      facts({ targetVolumeType: 'other', backendOfType: { lightbits: 'lightbits', other: 'lvm' } }),
    );
    expect(p.path).toBe('copy');
    expect(p.conditions.find((c) => c.id === 'same_backend')?.holds).toBe('no');
  });

  it('is only "likely" when cinder.conf and the image volume cannot be seen', () => {
    const p = predictClonePath(facts({ directUrlSchemes: undefined, imageVolume: undefined }));
    expect(p.path).toBe('block-clone');
    expect(p.confidence).toBe('likely');
  });

  it('copies for an encrypted type and when cinder is not an allowed scheme', () => {
    expect(predictClonePath(facts({ targetTypeEncrypted: true })).path).toBe('copy');
    expect(predictClonePath(facts({ directUrlSchemes: ['file'] })).path).toBe('copy');
  });
});
