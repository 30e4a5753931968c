import { z } from 'zod';
import { defineOperation } from '../engine/operation.js';
import { verifyImage as verify, verifyImageOutput } from './verify-image.js';

export const verifyImage = defineOperation({
  name: 'verify_image',
  title: 'Verify where an image landed',
  description:
    'Follows an image from Glance to its storage: the cinder:// location, the read-only Cinder volume image-<ID>, ' +
    'and the Lightbits volume behind it (state, protection, replicas). Verdict: block-native (volumes from it can be ' +
    'block clones), file-backed (in another store: volumes are copies), or broken, with the evidence of each step.',
  input: z.object({ image: z.string().min(1).describe('Image name or id.') }),
  output: verifyImageOutput,
  effect: 'read',
  summarize: (o) => `${o.image_name} (${o.image_id}): ${o.verdict}. ${o.summary}`,
  async run({ image }, { cloud }) {
    return verify(await cloud(), image);
  },
});
