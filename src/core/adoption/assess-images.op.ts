import { defineOperation } from '../engine/operation.js';
import { assessImages as assess } from './assess-images.js';
import { assessImagesInput, assessImagesOutput } from './assess-schema.js';

const GiB = 1024 ** 3;

export const assessImages = defineOperation({
  name: 'assess_images',
  title: 'Assess which images will not block-clone',
  description:
    'Reads every image you can see (paginated) and, for each, predicts whether a boot volume from it is a ' +
    'block-level clone or a copy, naming the failing condition (not raw+bare, not in the cinder store, other ' +
    'backend…), checks its image-<ID> volume, counts the volumes made from it, and says what adopt_image would ' +
    'do. Ends with a fleet summary: ready vs will-copy by reason, bytes in the file store, the cost of the copies.',
  input: assessImagesInput,
  output: assessImagesOutput,
  effect: 'read',
  summarize: (o) => {
    const s = o.summary;
    const reasons = Object.entries(s.will_copy_by_reason)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    return (
      `${s.images} image(s): ${s.ready} ready for block clones, ${s.will_copy} will be copied` +
      `${reasons ? ` (${reasons})` : ''}; ${(s.file_store_bytes / GiB).toFixed(1)} GiB in the file store; ` +
      `copies so far ${s.copy_cost.volumes_made} volume(s), ${(s.copy_cost.bytes / GiB).toFixed(1)} GiB, ` +
      `about ${s.copy_cost.estimated_seconds} s of copying`
    );
  },
  async run(input, { cloud }) {
    return assess(await cloud(), input);
  },
});
