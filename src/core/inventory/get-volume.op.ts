import { z } from 'zod';
import { mustFind } from '../cloud/resolve.js';
import { defineOperation } from '../engine/operation.js';
import { toVolumeView, volumeView } from './views.js';

export const getVolume = defineOperation({
  name: 'get_volume',
  title: 'Show a volume',
  description:
    'Shows one Cinder volume by name or id (also other projects’ volumes, such as image-<ID>, for admins): status, ' +
    'type, whether it is bootable or read-only, and what it is attached to. For replicas and the serving node, ' +
    'use get_failover_status.',
  input: z.object({ volume: z.string().min(1).describe('Volume name or id.') }),
  output: volumeView,
  effect: 'read',
  summarize: (v) => `${v.name} (${v.volume_id}): ${v.status}, ${v.size_gb} GB ${v.volume_type ?? ''}`.trim(),
  async run({ volume }, { cloud }) {
    const { openstack } = await cloud();
    const found = await mustFind('volume', volume, async (ref) => {
      const own = await openstack.volume.findVolume(ref);
      return own ?? openstack.volume.findVolume(ref, { allTenants: true }).catch(() => undefined);
    });
    return toVolumeView(found);
  },
});
