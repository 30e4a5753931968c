import type { Image, Volume } from '../../clients/openstack/index.js';
import type { Cloud } from '../cloud/cloud.js';
import type { VerifyStep } from './schema.js';

/** The Cinder side, as `openstack volume show` would show it: image-<ID>, available, read-only, the right type. */
export function cinderStep(
  cloud: Cloud,
  image: Image,
  volumeId: string,
  v: Volume | undefined,
  warnings: string[],
): VerifyStep {
  if (!v) {
    return {
      step: 'cinder',
      status: 'failed',
      detail: `Cinder volume ${volumeId} named by the image's location does not exist (or is not visible to blockops' account).`,
      facts: { ID: volumeId },
    };
  }
  const facts = {
    ID: v.id,
    Name: v.name,
    Status: v.status,
    Size: v.size,
    Type: v.volumeType ?? null,
    Bootable: v.bootable,
    'Read-only': v.readonly,
    Host: v.host ?? null,
    Project: v.tenantId ?? null,
  };
  const problems: string[] = [];
  if (v.status !== 'available') problems.push(`status is ${v.status}, not available`);
  if (v.name !== `image-${image.id}`) warnings.push(`the volume is named ${v.name}, not image-${image.id}`);
  if (!v.readonly) warnings.push(`volume ${v.name} is not read-only: anything attached to it could change the image`);
  if (v.volumeType !== cloud.volumeType)
    warnings.push(`volume ${v.name} has type ${v.volumeType}, not ${cloud.volumeType}`);
  return {
    step: 'cinder',
    status: problems.length ? 'failed' : v.readonly ? 'ok' : 'warning',
    detail: problems.length
      ? `Cinder volume ${v.name}: ${problems.join('; ')}.`
      : `Cinder volume ${v.name} is available${v.readonly ? ', read-only' : ''}, type ${v.volumeType}.`,
    facts,
  };
}
