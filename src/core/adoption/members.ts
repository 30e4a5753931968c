import { ApiError } from '../../clients/api-error.js';
import type { Image } from '../../clients/openstack/index.js';
import type { Cloud } from '../cloud/cloud.js';
import type { AdoptStep } from './adopt-schema.js';

/**
 * A shared original's members, given to the adopted image: without them, the projects it was shared with would lose
 * it when the original is retired. Glance lets only the member (or an admin) answer a share, so each member's answer
 * is copied where the cloud allows it; where it refuses (403), the member is left pending and the step says so.
 */
export async function copyMembers(cloud: Cloud, original: Image, adoptedId: string, steps: AdoptStep[]): Promise<void> {
  if (original.visibility !== 'shared') return;
  const t = Date.now();
  const image = cloud.openstack.image;
  const members = await image.listImageMembers(original.id);
  if (members.length === 0) return;
  const pending: string[] = [];
  for (const m of members) {
    await image.addImageMember(adoptedId, m.memberId);
    if (m.status === 'pending') continue;
    try {
      await image.updateImageMember(adoptedId, m.memberId, m.status);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 403)) throw e;
      pending.push(m.memberId);
    }
  }
  steps.push({
    phase: 'members',
    detail:
      `${members.length} member(s) shared as on the original` +
      (pending.length ? `; ${pending.join(', ')} must accept again (Glance lets only them answer)` : ''),
    duration_ms: Date.now() - t,
  });
}
