import { defineOperation, type Resolved } from '../engine/operation.js';
import { OpsError } from '../errors/ops-error.js';
import { adoptOne } from './adopt-image.js';
import { type AdoptedImage, adoptImageInput, adoptImageOutput } from './adopt-schema.js';
import { planAdoption } from './plan.js';
import { clearInterruptedAdoption } from './resume.js';
import { assertMayRetire } from './retire.js';
import { madeFrom } from './usage.js';

export const adoptImage = defineOperation({
  name: 'adopt_image',
  title: 'Bring images to raw in the Cinder store (block clones)',
  description:
    'For each image that assess_images says will be copied: a raw+bare image only in the file store is copied ' +
    "into the cinder store with Glance's copy-image (else downloaded and uploaded); a qcow2/vmdk/vhd/vhdx/vdi " +
    'image is downloaded, checked (no backing or external data file), converted with qemu-img to raw and uploaded ' +
    'as a new raw image keeping its properties. Then it verifies the image is block-native, proves it with a ' +
    'throwaway volume that must be a block clone, and retires the original as asked (keep, hide, deactivate, delete).',
  input: adoptImageInput,
  output: adoptImageOutput,
  effect: 'write',
  async precheck(input, { cloud: open }) {
    const cloud = await open();
    const ids: string[] = [];
    const images: Resolved[] = [];
    for (const ref of input.images) {
      const plan = await planAdoption(cloud, ref);
      if (input.retire === 'delete') assertMayRetire(plan.image, input, await madeFrom(cloud, plan.image.id));
      ids.push(`${plan.image.id} (${plan.route})`);
      images.push({ id: plan.image.id, name: plan.image.name });
    }
    if (new Set(images.map((i) => i.id)).size !== images.length) {
      throw new OpsError('VALIDATION.FAILED', 'The same image is named twice in images; give each image once.');
    }
    // The batch is approved and run by id: renaming another image to one of these names changes nothing.
    return { effective: { images: ids }, resolved: { images } };
  },
  preview: (i) =>
    `Adopt ${i.images.length} image(s) (${i.images.join(', ')}) to raw in the cinder store` +
    `${i.proof_clone ? ', prove each with a throwaway block-clone volume' : ''}; name policy ${i.name_policy}; ` +
    `the originals: ${i.retire}${i.retire === 'delete' && i.allow_delete_in_use ? ' even if in use' : ''}.`,
  summarize: (o) =>
    o.adopted
      .map(
        (a) =>
          `${a.original_name} → ${a.adopted_name} (${a.adopted_id}) by ${a.method} in ${(a.duration_ms / 1000).toFixed(1)} s` +
          `${a.proof ? `, proof: ${a.proof.path}` : ''}, original ${a.retired}`,
      )
      .join('; ') || 'nothing adopted',
  resources: (i, o) => ({
    images: o ? o.adopted.map((a) => a.original_id) : i.images,
    ...(o ? { adopted_images: o.adopted.map((a) => a.adopted_id) } : {}),
  }),
  async run(input, ctx) {
    const cloud = await ctx.cloud();
    const notes = await clearInterruptedAdoption(cloud, ctx.resumeFrom);
    const done = new Set(Array.isArray(ctx.resumeFrom?.['done']) ? (ctx.resumeFrom['done'] as string[]) : []);
    const adopted: AdoptedImage[] = [];
    for (const [n, ref] of input.images.entries()) {
      if (done.has(ref)) {
        notes.push(`${ref} was adopted by the interrupted run already; skipped.`);
        continue;
      }
      ctx.progress({ message: `Image ${n + 1} of ${input.images.length}: ${ref}` });
      adopted.push(await adoptOne(cloud, ref, input, ctx));
      done.add(ref);
      await ctx.checkpoint({
        done: [...done],
        image_id: null,
        image_name: null,
        work_dir: null,
        volume_id: null,
        volume_name: null,
      });
    }
    return { adopted, notes };
  },
});
