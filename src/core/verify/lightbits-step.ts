import type { Cloud } from '../cloud/cloud.js';
import { lightbitsProjectOf } from '../cloud/lightbits-project.js';
import type { VerifyStep } from './schema.js';

/** The image volume's Lightbits side: volume `volume-<cinder id>` in the type's Lightbits project. */
export async function lightbitsStep(
  cloud: Cloud,
  volumeId: string,
  volumeType: string | undefined,
): Promise<{ step: VerifyStep; uuid?: string }> {
  if (!cloud.lightbits) {
    return {
      step: {
        step: 'lightbits',
        status: 'not_configured',
        detail: 'No Lightbits API is configured (LIGHTBITS_API_ENDPOINTS), so the Lightbits side was not checked.',
        facts: {},
      },
    };
  }
  const project = await lightbitsProjectOf(cloud, volumeType);
  const name = `volume-${volumeId}`;
  const vol = await cloud.lightbits.findVolumeByName(name, project);
  if (!vol) {
    return {
      step: {
        step: 'lightbits',
        status: 'failed',
        detail: `Lightbits has no volume ${name} in project ${project}: the Cinder volume has no storage behind it.`,
        facts: { Name: name, Project: project ?? null },
      },
    };
  }
  const facts = {
    Name: vol.name,
    UUID: vol.uuid,
    State: vol.state,
    'Protection State': vol.protectionState,
    Replicas: vol.replicaCount,
    Size: vol.sizeBytes,
    Project: project ?? null,
  };
  const healthy = vol.state === 'Available' && vol.protectionState === 'FullyProtected';
  const unusable = ['Failed', 'Deleted', 'Deleting'].includes(vol.state) || vol.protectionState === 'NotAvailable';
  return {
    uuid: vol.uuid,
    step: {
      step: 'lightbits',
      status: healthy ? 'ok' : unusable ? 'failed' : 'warning',
      detail: healthy
        ? `Lightbits volume ${vol.name} is Available and FullyProtected on ${vol.replicaCount} replica(s).`
        : `Lightbits volume ${vol.name} is ${vol.state}, protection ${vol.protectionState}.`,
      facts,
    },
  };
}
