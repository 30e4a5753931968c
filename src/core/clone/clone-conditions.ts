import type { CloneCondition, ClonePathFacts } from './clone-types.js';

/** Each condition of Cinder's `_clone_image_volume`, checked against what the APIs show. */
export function checkConditions(f: ClonePathFacts): CloneCondition[] {
  return [schemes(f), rawBare(f), cinderLocation(f), sameBackend(f), owner(f), notEncrypted(f)];
}

export function cinderVolumeIdFromUrl(url: string): string | undefined {
  // cinder://<volume_id> or, with several Glance stores, cinder://<store_id>/<volume_id>
  const m = /^cinder:\/\/(?:[^/]+\/)?([0-9a-f-]{36})$/i.exec(url);
  return m?.[1];
}

function schemes(f: ClonePathFacts): CloneCondition {
  if (!f.directUrlSchemes) {
    return {
      id: 'direct_url_schemes',
      holds: 'unknown',
      evidence: "cinder.conf's allowed_direct_url_schemes is not visible through the API (assumed to include cinder)",
    };
  }
  const ok = f.directUrlSchemes.includes('cinder');
  return {
    id: 'direct_url_schemes',
    holds: ok ? 'yes' : 'no',
    evidence: `allowed_direct_url_schemes is [${f.directUrlSchemes.join(', ')}]${ok ? '' : ', without cinder'}`,
  };
}

function rawBare(f: ClonePathFacts): CloneCondition {
  const { diskFormat, containerFormat } = f.image;
  const ok = diskFormat === 'raw' && containerFormat === 'bare';
  return {
    id: 'raw_bare',
    holds: ok ? 'yes' : 'no',
    evidence: ok
      ? 'the image is raw + bare'
      : `the image is ${diskFormat ?? 'unknown'} + ${containerFormat ?? 'unknown'}, not raw + bare (Cinder: "not in raw format")`,
  };
}

function cinderLocation(f: ClonePathFacts): CloneCondition {
  const urls = f.image.locationUrls;
  const cinder = urls.find((u) => cinderVolumeIdFromUrl(u));
  if (cinder) return { id: 'cinder_location', holds: 'yes', evidence: `Glance shows the location ${cinder}` };
  if (!urls.length) {
    return {
      id: 'cinder_location',
      holds: 'no',
      evidence:
        'Glance shows no locations for the image (show_image_direct_url / show_multiple_locations off, or not in a store)',
    };
  }
  return {
    id: 'cinder_location',
    holds: 'no',
    evidence: `the image is not in the Cinder store (locations: ${urls.join(', ')})`,
  };
}

function sameBackend(f: ClonePathFacts): CloneCondition {
  const vol = f.imageVolume;
  if (!vol)
    return { id: 'same_backend', holds: 'unknown', evidence: "the image's volume is not visible to blockops' account" };
  const where = vol.host ? ` on ${vol.host}` : '';
  if (!vol.volumeType || vol.volumeType === f.targetVolumeType) {
    return {
      id: 'same_backend',
      holds: vol.volumeType ? 'yes' : 'unknown',
      evidence: `the image volume${where} has the type ${vol.volumeType ?? '(unknown)'} the new volume gets`,
    };
  }
  const a = f.backendOfType?.[vol.volumeType];
  const b = f.backendOfType?.[f.targetVolumeType];
  if (a && b) {
    return {
      id: 'same_backend',
      holds: a === b ? 'yes' : 'no',
      evidence: `the image volume's type ${vol.volumeType} is on backend ${a}; type ${f.targetVolumeType} is on ${b}`,
    };
  }
  return {
    id: 'same_backend',
    holds: 'unknown',
    evidence: `the image volume${where} has type ${vol.volumeType}, the new volume ${f.targetVolumeType}; their backends are not visible`,
  };
}

function owner(f: ClonePathFacts): CloneCondition {
  const o = f.image.owner;
  if (o && o === f.targetProject) {
    return { id: 'owner', holds: 'yes', evidence: 'the image belongs to the project the new volume is created in' };
  }
  const imageOwner = f.imageVolume?.imageOwner;
  if (o && imageOwner !== undefined) {
    return {
      id: 'owner',
      holds: o === imageOwner ? 'yes' : 'no',
      evidence:
        o === imageOwner
          ? "the image's owner matches its volume's image_owner"
          : `the image's owner ${o} is neither the new volume's project ${f.targetProject} nor its volume's image_owner ${imageOwner}`,
    };
  }
  return { id: 'owner', holds: 'unknown', evidence: "the image volume's image_owner is not visible" };
}

function notEncrypted(f: ClonePathFacts): CloneCondition {
  if (f.targetTypeEncrypted === undefined) {
    return {
      id: 'not_encrypted',
      holds: 'unknown',
      evidence: `whether type ${f.targetVolumeType} is encrypted is not visible`,
    };
  }
  return {
    id: 'not_encrypted',
    holds: f.targetTypeEncrypted ? 'no' : 'yes',
    evidence: f.targetTypeEncrypted
      ? `type ${f.targetVolumeType} is encrypted`
      : `type ${f.targetVolumeType} is not encrypted`,
  };
}
