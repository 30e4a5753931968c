import type { EmulatorAccess } from '../app/emulator-discovery.js';
import { renderCloudsYaml, renderOpenrc } from '../config/index.js';

/** How to point any OpenStack client at the built-in emulator: an openrc block and a clouds.yaml entry. */
export function emulatorSetup(emu: EmulatorAccess): string {
  return [
    '# openrc: paste into a shell, then run `openstack image list` or `blockops doctor`',
    emulatorOpenrc(emu),
    '',
    '# clouds.yaml entry (then: export OS_CLOUD=blockops-sim)',
    renderCloudsYaml('blockops-sim', settingsOf(emu)),
  ].join('\n');
}

export function emulatorOpenrc(emu: EmulatorAccess): string {
  return renderOpenrc(settingsOf(emu), emu.lightbits).trimEnd();
}

function settingsOf(emu: EmulatorAccess) {
  const admin = emu.users.admin;
  return {
    authUrl: emu.authUrl,
    auth: {
      type: 'password' as const,
      username: admin.username,
      password: admin.password,
      userDomainName: admin.userDomainName,
    },
    project: { name: admin.projectName, domainName: admin.projectDomainName },
    regionName: emu.region,
  };
}
