import type { Image } from '../../clients/openstack/index.js';
import { predictClonePath } from '../clone/clone-path.js';
import { gatherClonePathFacts } from '../clone/facts.js';
import type { Cloud } from '../cloud/cloud.js';
import * as refer from '../cloud/references.js';
import { OpsError } from '../errors/ops-error.js';
import type { AdoptionRoute } from './assess-schema.js';
import { routeOf, storesOf } from './classify.js';

export interface AdoptionPlan {
  image: Image;
  route: Exclude<AdoptionRoute, 'ready' | 'not-adoptable'>;
  failing: string[];
}

/**
 * What adopt_image will do with one image, by the same prediction and route as assess_images; refuses (changing
 * nothing) an image already on the fast path or one whose copy path is the cloud's configuration, not the image.
 */
export async function planAdoption(cloud: Cloud, ref: string): Promise<AdoptionPlan> {
  const image = (await refer.activeImage(cloud, ref)).found;
  const { facts } = await gatherClonePathFacts(cloud, image, cloud.volumeType);
  const prediction = predictClonePath(facts);
  const failing = prediction.conditions.filter((c) => c.holds === 'no');
  const route = routeOf(
    image,
    storesOf(image).includes('cinder'),
    failing.map((c) => c.id),
  );
  if (route === 'ready') {
    throw new OpsError(
      'ADOPT.NOT_ADOPTABLE',
      `Image ${image.name} (${image.id}) is already on the fast path: volumes from it are block clones. Nothing to adopt.`,
    );
  }
  if (route === 'not-adoptable') {
    throw new OpsError(
      'ADOPT.NOT_ADOPTABLE',
      `Image ${image.name} (${image.id}) cannot be adopted: ${prediction.reasons.join('; ')}. ` +
        `${prediction.advice.join(' ')}`.trim(),
      { details: { failing: failing.map((c) => c.id) } },
    );
  }
  return { image, route, failing: failing.map((c) => c.id) };
}
