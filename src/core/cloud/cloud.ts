import type { LightbitsClient } from '../../clients/lightbits/index.js';
import type { OpenStack } from '../../clients/openstack/index.js';

/** The cloud an operation acts on: OpenStack always, Lightbits when configured. */
export interface Cloud {
  openstack: OpenStack;
  /** Undefined when no Lightbits API is configured: operations say so instead of guessing. */
  lightbits: LightbitsClient | undefined;
  /** Cinder volume type for new volumes unless the caller names one. */
  volumeType: string;
  /** Host directories upload_image may read from. */
  imageDirs: string[];
  /**
   * The policy's image_hosts: the hosts upload_image may download from (host or host:port), `*` for any host on
   * a public address. Undefined: `*` alone.
   */
  imageHosts?: readonly string[] | undefined;
  /**
   * cinder.conf's allowed_direct_url_schemes, when the operator states it (BLOCKOPS_CINDER_DIRECT_URL_SCHEMES):
   * the API does not show it, and the clone-path prediction is only 'likely' without it.
   */
  directUrlSchemes?: string[] | undefined;
  /** How often to poll a resource that is changing state. */
  pollMs: number;
  /** How many servers of one launch_server batch are cloned and booted at once; undefined: all of them. */
  launchConcurrency?: number | undefined;
  /** True when this is blockops' built-in emulator, so answers can say so. */
  emulated: boolean;
}
