import { gatherCloneTarget } from '../clone/facts.js';
import type { Cloud } from '../cloud/cloud.js';
import type { AssessImagesInput, AssessImagesOutput } from './assess-schema.js';
import { assessImage, indexVolumes } from './classify.js';
import { readImages, readVolumes } from './read-fleet.js';
import { mostCostly, summarizeFleet } from './summarize-fleet.js';

/** The fleet's clone paths: two paginated reads (images, volumes) and one of the types, then classification in memory. */
export async function assessImages(cloud: Cloud, input: AssessImagesInput): Promise<AssessImagesOutput> {
  const volumeType = input.volume_type ?? cloud.volumeType;
  const [images, visible, target] = await Promise.all([
    readImages(cloud, input),
    readVolumes(cloud),
    gatherCloneTarget(cloud, volumeType),
  ]);
  const index = indexVolumes(visible);
  const assessed = images.map((i) => assessImage(i, index, target));
  const notes: string[] = [];
  if (!visible.allProjects) {
    notes.push(
      "Only this project's volumes were visible (listing all projects needs admin): the Cinder store's image " +
        'volumes and the volumes other projects made from the images are not counted.',
    );
  }
  if (!target.directUrlSchemes) {
    notes.push("cinder.conf's allowed_direct_url_schemes is not visible through the API; assumed to include cinder.");
  }
  const shown = mostCostly(assessed).filter(
    (i) => input.show === 'all' || (input.show === 'ready') === (i.predicted_path === 'block-clone'),
  );
  return {
    volume_type: target.targetVolumeType,
    images: shown.slice(0, input.limit),
    truncated: shown.length > input.limit,
    summary: summarizeFleet(assessed, input.copy_throughput_mib_s, notes),
  };
}
