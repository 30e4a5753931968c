import type { z } from 'zod';
import type { imageView } from '../../core/inventory/views.js';
import type { Actor } from '../../core/people/actor.js';
import type { SlackDoor } from '../door.js';
import { bytes } from '../render/format.js';
import { LAUNCH_FIELDS } from '../render/launch-modal.js';
import { LIMITS } from '../render/limits.js';

export interface Choice {
  label: string;
  value: string;
}

/**
 * The options of the launch form's selects, for what the user typed. Images go through the gateway (list_images);
 * flavors, networks and key pairs are reads for a form, so they use the cloud clients directly.
 */
export async function launchChoices(door: SlackDoor, actionId: string, query: string, actor: Actor): Promise<Choice[]> {
  const all = await source(door, actionId, actor);
  const q = query.trim().toLowerCase();
  return all.filter((c) => !q || c.label.toLowerCase().includes(q) || c.value.toLowerCase().includes(q));
}

async function source(door: SlackDoor, actionId: string, actor: Actor): Promise<Choice[]> {
  switch (actionId) {
    case LAUNCH_FIELDS.image.action:
      return images(door, actor);
    case LAUNCH_FIELDS.flavor.action: {
      const { openstack } = await door.app.cloud();
      const out: Choice[] = [];
      for await (const f of openstack.compute.listFlavors()) {
        if (!f.disabled)
          out.push({
            label: `${f.name} — ${f.vcpus} vCPU, ${bytes(f.ramMb * 1024 * 1024)}, ${f.diskGb} GB`,
            value: f.name,
          });
      }
      return out;
    }
    case LAUNCH_FIELDS.network.action: {
      const { openstack } = await door.app.cloud();
      const out: Choice[] = [
        { label: 'auto (Nova chooses)', value: 'auto' },
        { label: 'none (no network)', value: 'none' },
      ];
      const nets = [];
      for await (const n of openstack.network.listNetworks()) nets.push(n);
      for (const n of nets) out.push({ label: n.name || n.id, value: uniqueName(nets, n) });
      return out;
    }
    case LAUNCH_FIELDS.key_name.action: {
      const { openstack } = await door.app.cloud();
      return (await openstack.compute.listKeypairs()).map((k) => ({ label: k.name, value: k.name }));
    }
    default:
      return [];
  }
}

async function images(door: SlackDoor, actor: Actor): Promise<Choice[]> {
  const res = await door.run('list_images', { status: 'active', limit: 500 }, actor);
  const list = (res.status === 'succeeded' ? (res.output as { images: z.infer<typeof imageView>[] }).images : []) ?? [];
  return list.map((i) => ({
    label: `${i.name || i.image_id} — ${[i.disk_format, bytes(i.size_bytes)].filter(Boolean).join(', ')}`,
    value: uniqueName(
      list.map((x) => ({ id: x.image_id, name: x.name })),
      { id: i.image_id, name: i.name },
    ),
  }));
}

/** The name when it is unique (readable in the approval preview), else the id (exact). */
function uniqueName(all: { id: string; name: string }[], one: { id: string; name: string }): string {
  const value = one.name && all.filter((x) => x.name === one.name).length === 1 ? one.name : one.id;
  return value.length <= LIMITS.optionValue ? value : one.id;
}

/** Slack's option objects: text within 75 characters, at most 100 options. */
export function toSlackOptions(choices: Choice[]) {
  return choices.slice(0, LIMITS.options).map((c) => ({
    text: {
      type: 'plain_text' as const,
      text: c.label.length > LIMITS.optionText ? `${c.label.slice(0, LIMITS.optionText - 1)}…` : c.label,
    },
    value: c.value,
  }));
}
