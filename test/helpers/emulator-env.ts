import type { RunningEmulator } from '../../src/emulator/index.js';

/**
 * The environment that points blockops (in process or spawned) at a running emulator, as an operator would: OS_* as
 * admin, the Lightbits API, and what the emulator's Cinder is known to do (allowed_direct_url_schemes = cinder), with
 * fast polling. `lightbits: false` leaves out LIGHTBITS_*, so blockops sees the cloud through OpenStack only.
 */
export function emulatorEnv(emu: RunningEmulator, opts: { lightbits?: boolean } = {}): Record<string, string> {
  const admin = emu.users.admin;
  return {
    OS_AUTH_URL: emu.authUrl,
    OS_USERNAME: admin.username,
    OS_PASSWORD: admin.password,
    OS_PROJECT_NAME: admin.projectName,
    OS_USER_DOMAIN_NAME: admin.userDomainName,
    OS_PROJECT_DOMAIN_NAME: admin.projectDomainName,
    OS_REGION_NAME: emu.region,
    ...(opts.lightbits === false
      ? {}
      : {
          LIGHTBITS_API_ENDPOINTS: emu.lightbits.endpoints.join(','),
          LIGHTBITS_JWT: emu.lightbits.jwt,
          LIGHTBITS_PROJECT: emu.lightbits.project,
        }),
    BLOCKOPS_VOLUME_TYPE: emu.volumeType,
    BLOCKOPS_CINDER_DIRECT_URL_SCHEMES: 'cinder',
    BLOCKOPS_POLL_MS: '20',
  };
}
