import { z } from 'zod';
import { predictClonePath } from '../clone/clone-path.js';
import { gatherClonePathFacts } from '../clone/facts.js';
import { cloneCondition } from '../clone/schema.js';
import { minimumSizeGb } from '../clone/size.js';
import { resolveImage } from '../cloud/resolve.js';
import { defineOperation } from '../engine/operation.js';
import { imageView, toImageView } from './views.js';

export const getImage = defineOperation({
  name: 'get_image',
  title: 'Show an image',
  description:
    'Shows one image by name or id, the smallest volume it fits in, and whether a volume from it (with the default ' +
    'volume type) would be a block-level clone or a copy, with the reasons.',
  input: z.object({ image: z.string().min(1).describe('Image name or id.') }),
  output: imageView.extend({
    min_volume_gb: z.number(),
    clone_path: z.object({
      predicted_path: z.enum(['block-clone', 'copy']),
      confidence: z.enum(['certain', 'likely']),
      volume_type: z.string(),
      reasons: z.array(z.string()),
      advice: z.array(z.string()),
      conditions: z.array(cloneCondition),
    }),
  }),
  effect: 'read',
  summarize: (o) =>
    `${o.name} (${o.image_id}): ${o.status}, ${o.disk_format ?? '?'}/${o.container_format ?? '?'}, ` +
    `volumes from it: ${o.clone_path.predicted_path}`,
  async run({ image: ref }, { cloud: open }) {
    const cloud = await open();
    const image = await resolveImage(cloud, ref);
    const { facts } = await gatherClonePathFacts(cloud, image, cloud.volumeType);
    const p = predictClonePath(facts);
    return {
      ...toImageView(image),
      min_volume_gb: minimumSizeGb(image),
      clone_path: {
        predicted_path: p.path,
        confidence: p.confidence,
        volume_type: cloud.volumeType,
        reasons: p.reasons,
        advice: p.advice,
        conditions: p.conditions,
      },
    };
  },
});
