/**
 * Predicts whether Cinder will make a volume from an image as a block-level clone of the image's volume
 * (the fast path) or download and copy it, checking the conditions of Cinder's `_clone_image_volume`
 * (cinder/volume/flows/manager/create_volume.py) against what the APIs show. See REAL-OPENSTACK.md.
 */
export type ClonePath = 'block-clone' | 'copy';
export type Holds = 'yes' | 'no' | 'unknown';

export interface CloneCondition {
  id: 'direct_url_schemes' | 'raw_bare' | 'cinder_location' | 'same_backend' | 'owner' | 'not_encrypted';
  holds: Holds;
  evidence: string;
}

export interface ClonePrediction {
  path: ClonePath;
  /** 'certain' when every condition was checked; 'likely' when some could not be seen through the APIs. */
  confidence: 'certain' | 'likely';
  conditions: CloneCondition[];
  /** The conditions that send it down the copy path, in words. */
  reasons: string[];
  /** How to get the fast path, when it will not be taken. */
  advice: string[];
}

export interface ClonePathFacts {
  image: {
    id: string;
    diskFormat?: string | undefined;
    containerFormat?: string | undefined;
    owner?: string | undefined;
    locationUrls: string[];
  };
  /** The image's volume, when blockops can see it (admin with all_tenants). */
  imageVolume?:
    | { id: string; host?: string | undefined; volumeType?: string | undefined; imageOwner?: string | undefined }
    | undefined;
  /** The new volume's project and type. */
  targetProject: string;
  targetVolumeType: string;
  /** volume_backend_name of each type, where readable: tells whether two types land on the same backend. */
  backendOfType?: Record<string, string | undefined>;
  targetTypeEncrypted?: boolean | undefined;
  /** cinder.conf's allowed_direct_url_schemes is not visible through the API; operators may state it. */
  directUrlSchemes?: string[] | undefined;
}

export function cinderVolumeIdFromUrl(url: string): string | undefined {
  // cinder://<volume_id> or, with several Glance stores, cinder://<store_id>/<volume_id>
  const m = /^cinder:\/\/(?:[^/]+\/)?([0-9a-f-]{36})$/i.exec(url);
  return m?.[1];
}

export function predictClonePath(f: ClonePathFacts): ClonePrediction {
  const conditions: CloneCondition[] = [
    schemes(f),
    rawBare(f),
    cinderLocation(f),
    sameBackend(f),
    owner(f),
    notEncrypted(f),
  ];
  const failing = conditions.filter((c) => c.holds === 'no');
  const path: ClonePath = failing.length ? 'copy' : 'block-clone';
  const unknown = conditions.some((c) => c.holds === 'unknown');
  return {
    path,
    confidence: failing.length || !unknown ? 'certain' : 'likely',
    conditions,
    reasons: failing.map((c) => c.evidence),
    advice: failing.flatMap(adviceFor),
  };
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

function adviceFor(c: CloneCondition): string[] {
  switch (c.id) {
    case 'raw_bare':
      return [
        'Convert the image to raw (qemu-img convert -O raw in.qcow2 out.raw) and upload it with disk_format=raw, ' +
          'container_format=bare: later volumes from it are block clones.',
      ];
    case 'cinder_location':
      return ["Upload the image into Glance's cinder store, and have Glance show locations (show_multiple_locations)."];
    case 'same_backend':
      return [`Create the volume with the image volume's type, so it lands on the same backend.`];
    case 'direct_url_schemes':
      return ['Add cinder to allowed_direct_url_schemes in cinder.conf.'];
    case 'owner':
      return ["Create the volume in the image owner's project."];
    case 'not_encrypted':
      return ['Block clones need an unencrypted volume type.'];
  }
}
