/** What the clone-path prediction works on and answers: the facts the APIs show, and the conditions checked. */

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
