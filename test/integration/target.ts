import type { Locate } from './shape-diff.js';

/** What Cinder itself says it did for a volume made from an image (its log, or the storage behind it). */
export type CinderDid = 'block-clone' | 'copy' | 'unknown';

/**
 * A cloud the one scenario runs against: the emulator in this process, or the real OpenStack box. Both are driven
 * the same way (OS_* settings, no LIGHTBITS_*), and each says in its own terms what Cinder really did.
 */
export interface Target {
  name: 'emulator' | 'box';
  /** OS_* for the admin with a password (plus BLOCKOPS_CINDER_DIRECT_URL_SCHEMES, as an operator would state it). */
  env: Record<string, string>;
  /** The same admin through an application credential. */
  appCredentialEnv: Record<string, string>;
  /** The service and path a URL of this cloud goes to (undefined: not OpenStack). */
  locate: Locate;
  cinderDid(volumeId: string): Promise<CinderDid>;
  stopCinderVolume(): Promise<void>;
  startCinderVolume(): Promise<void>;
  close(): Promise<void>;
}

/** OS_* keys that pick the auth method: dropped when switching from password to application credential. */
export const PASSWORD_KEYS = [
  'OS_USERNAME',
  'OS_PASSWORD',
  'OS_PROJECT_NAME',
  'OS_USER_DOMAIN_NAME',
  'OS_PROJECT_DOMAIN_NAME',
];

export function withAppCredential(env: Record<string, string>, id: string, secret: string): Record<string, string> {
  const out = Object.fromEntries(Object.entries(env).filter(([k]) => !PASSWORD_KEYS.includes(k)));
  return {
    ...out,
    OS_AUTH_TYPE: 'v3applicationcredential',
    OS_APPLICATION_CREDENTIAL_ID: id,
    OS_APPLICATION_CREDENTIAL_SECRET: secret,
  };
}
