import { defineOperation } from '../engine/operation.js';
import { cloneImage as clone } from './clone-image.js';
import { precheckFromImage } from './precheck.js';
import { cloneImageInput, cloneImageOutput } from './schema.js';

export const cloneImage = defineOperation({
  name: 'clone_image',
  title: 'Make a boot volume from an image',
  description:
    'Creates a Cinder volume from an image and waits until it is available. Before it starts it predicts whether ' +
    'Cinder will make a block-level clone of the image volume (fast, raw+bare images in the Cinder store) or ' +
    'download and copy the image (qcow2, file store, other backend…), and afterwards says which path Cinder took, ' +
    'why, and how to get the fast path.',
  input: cloneImageInput,
  output: cloneImageOutput,
  effect: 'write',
  precheck: async (input, { cloud }) => precheckFromImage(await cloud(), input, false),
  preview: (i) =>
    `Create a ${i.size_gb ? `${i.size_gb} GB` : 'right-sized'} ${i.volume_type ?? 'default-type'} volume` +
    `${i.name ? ` "${i.name}"` : ''} from image "${i.image}".`,
  summarize: (o) =>
    `Volume ${o.name} (${o.volume_id}) is ${o.status}: ${o.path} in ${(o.duration_ms / 1000).toFixed(1)} s` +
    `${o.prediction_matched ? '' : ` (predicted ${o.predicted_path})`}. ${o.path_evidence}`,
  resources: (i, o) => ({ image: o?.image_id ?? i.image, ...(o ? { volume_id: o.volume_id } : {}) }),
  async run(input, ctx) {
    return clone(await ctx.cloud(), input, ctx);
  },
});
