import type { Volume } from '../../clients/openstack/index.js';
import { cinderVolumeIdFromUrl } from '../clone/clone-path.js';
import type { Cloud } from '../cloud/cloud.js';
import { redactUrlCredentials } from '../cloud/redact-url.js';
import { resolveImage } from '../cloud/resolve.js';
import { cinderStep } from './cinder-step.js';
import { glanceStep } from './glance-step.js';
import { lightbitsStep } from './lightbits-step.js';
import type { VerifyImageOutput, VerifyStep } from './schema.js';

export { type VerifyImageOutput, verifyImageOutput } from './schema.js';

/**
 * Follows an image to its storage: Glance → cinder:// location → Cinder volume image-<ID> (read-only?) →
 * Lightbits volume (state, protection, replicas), and gives one verdict with the evidence of each step.
 */
export async function verifyImage(cloud: Cloud, imageRef: string): Promise<VerifyImageOutput> {
  const image = await resolveImage(cloud, imageRef);
  const steps: VerifyStep[] = [glanceStep(image)];
  const warnings: string[] = [];
  const base = { image_id: image.id, image_name: image.name };
  if (image.status !== 'active') {
    return { ...base, verdict: 'broken', summary: `Image is ${image.status}, not active.`, steps, warnings };
  }

  const urls = [...new Set([...image.locations.map((l) => l.url), ...(image.directUrl ? [image.directUrl] : [])])];
  const cinderUrl = urls.find((u) => cinderVolumeIdFromUrl(u));
  let volumeId = cinderUrl ? cinderVolumeIdFromUrl(cinderUrl) : undefined;
  if (cinderUrl) {
    steps.push({
      step: 'location',
      status: 'ok',
      detail: `Glance keeps the image in Cinder: ${cinderUrl}`,
      facts: { URL: cinderUrl },
    });
  } else if (urls.length) {
    steps.push({
      step: 'location',
      status: 'ok',
      detail: `The image lives in ${urls.map(redactUrlCredentials).join(', ')}`,
      facts: { URL: urls[0] ? redactUrlCredentials(urls[0]) : null },
    });
    return {
      ...base,
      verdict: 'file-backed',
      summary: `Image is stored in ${image.stores.join(', ') || 'a non-Cinder store'}, not as a Cinder volume: volumes from it are copies.`,
      steps,
      warnings,
    };
  } else {
    const byName = await findImageVolumeByName(cloud, image.id);
    volumeId = byName?.id;
    const hidden = 'Glance does not show locations (show_multiple_locations / show_image_direct_url off)';
    steps.push({
      step: 'location',
      status: byName ? 'warning' : image.stores.includes('cinder') ? 'failed' : 'warning',
      detail: byName
        ? `${hidden}; found Cinder volume ${byName.name} by name.`
        : `${hidden}, and no volume image-${image.id} is visible.`,
      facts: { Stores: image.stores.join(',') },
    });
    if (!byName) {
      const storedInCinder = image.stores.includes('cinder');
      return {
        ...base,
        verdict: storedInCinder ? 'broken' : 'file-backed',
        summary: storedInCinder
          ? 'Glance says the image is in the cinder store, but its volume cannot be found.'
          : `Image is in ${image.stores.join(', ') || 'an unknown store'}; no Cinder volume backs it.`,
        steps,
        warnings,
      };
    }
    warnings.push(`${hidden}: Cinder cannot block-clone this image until Glance shows its locations.`);
  }

  const volume = await getVolumeOrUndefined(cloud, volumeId as string);
  const cinder = cinderStep(cloud, image, volumeId as string, volume, warnings);
  steps.push(cinder);
  if (!volume || cinder.status === 'failed') {
    return { ...base, volume_id: volumeId, verdict: 'broken', summary: cinder.detail, steps, warnings };
  }
  const lb = await lightbitsStep(cloud, volume.id, volume.volumeType);
  steps.push(lb.step);
  const broken = lb.step.status === 'failed';
  if (lb.step.status === 'warning') warnings.push(lb.step.detail);
  return {
    ...base,
    volume_id: volume.id,
    ...(lb.uuid ? { lightbits_volume_uuid: lb.uuid } : {}),
    verdict: broken ? 'broken' : 'block-native',
    summary: broken
      ? lb.step.detail
      : `Image is block-native: read-only Cinder volume ${volume.name} (${volume.volumeType})` +
        (lb.step.status === 'not_configured'
          ? '; Lightbits side not checked (not configured).'
          : `, ${lb.step.detail}`),
    steps,
    warnings,
  };
}

async function getVolumeOrUndefined(cloud: Cloud, id: string): Promise<Volume | undefined> {
  try {
    return await cloud.openstack.volume.getVolume(id);
  } catch (e) {
    if ((e as { status?: number }).status === 404) return undefined;
    throw e;
  }
}

async function findImageVolumeByName(cloud: Cloud, imageId: string): Promise<Volume | undefined> {
  for await (const v of cloud.openstack.volume.listVolumes({ allTenants: true, name: `image-${imageId}` })) return v;
  return undefined;
}
