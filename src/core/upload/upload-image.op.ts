import { defineOperation } from '../engine/operation.js';
import { previewUpload, summarizeUpload } from './preview.js';
import { clearInterruptedRun } from './resume.js';
import { uploadImageInput, uploadImageOutput } from './schema.js';

export const uploadImage = defineOperation({
  name: 'upload_image',
  title: 'Upload an image into Glance',
  description:
    'Creates a Glance image from a file on the blockops host (inside BLOCKOPS_IMAGE_DIRS) or an http(s) URL. ' +
    'blockops checks that disk_format matches the file header before creating anything, streams the bytes while ' +
    "computing sha512 and md5, compares them with Glance's, deletes the image again if anything fails, and ends " +
    'by verifying that the image is stored as a Cinder volume on Lightbits. Upload raw/bare for block-level clones.',
  input: uploadImageInput,
  output: uploadImageOutput,
  effect: 'write',
  // The HTTP download and upload machinery loads when an upload runs, not with the registry (CLI start-up).
  precheck: async (input, { cloud }) => {
    (await import('./convert-first.js')).checkConvertible(input);
    return (await import('./precheck.js')).precheckUpload(await cloud(), input);
  },
  preview: previewUpload,
  summarize: summarizeUpload,
  resources: (_input, output): Record<string, string> => (output ? { image_id: output.image_id } : {}),
  async run(input, ctx) {
    const cloud = await ctx.cloud();
    const resumed = await clearInterruptedRun(cloud, ctx.resumeFrom);
    const out = input.convert_to_raw
      ? await (await import('./convert-first.js')).uploadConverted(cloud, input, ctx)
      : input.import_method === 'web-download'
        ? await (await import('./web-download.js')).importByWebDownload(cloud, input, ctx)
        : await (await import('./upload-flow.js')).uploadFromSource(cloud, input, ctx);
    return { ...out, notes: [...resumed, ...out.notes] };
  },
});
