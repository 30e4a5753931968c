import { LightbitsClient } from '../../src/clients/lightbits/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { emulatorEnv } from '../helpers/emulator-env.js';
import type { CinderDid, Target } from './target.js';
import { withAppCredential } from './target.js';

const SERVICES = ['identity', 'image', 'volume', 'compute', 'network'];

/**
 * The emulator in this process (speed 0), seen by blockops like the box: OS_* only, no Lightbits settings. What
 * Cinder did is read from the emulated Lightbits cluster behind it: a clone is made from a for_clone_ snapshot.
 */
export async function emulatorTarget(): Promise<Target> {
  const emu = await startEmulator({ speed: 0 });
  const env = emulatorEnv(emu, { lightbits: false });
  const lightbits = new LightbitsClient({ ...emu.lightbits });
  const origin = new URL(emu.url).origin;
  return {
    name: 'emulator',
    env,
    appCredentialEnv: withAppCredential(env, emu.appCredential.id, emu.appCredential.secret),
    locate(url) {
      if (url.origin !== origin) return undefined;
      const [, service, ...rest] = url.pathname.split('/');
      return service && SERVICES.includes(service) ? { service, path: `/${rest.join('/')}` } : undefined;
    },
    async cinderDid(volumeId): Promise<CinderDid> {
      const lb = await lightbits.findVolumeByName(`volume-${volumeId}`);
      if (!lb) return 'unknown';
      return lb.sourceSnapshotName?.startsWith('for_clone_') ? 'block-clone' : 'copy';
    },
    async stopCinderVolume() {
      emu.faults.setServiceState('cinder-volume', 'down');
    },
    async startCinderVolume() {
      emu.faults.setServiceState('cinder-volume', 'up');
    },
    close: () => emu.close(),
  };
}
