import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JOB_GRACE_MS } from '../../src/server/background.js';

const UNIT = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'manifests/systemd/blockops.service');
const text = readFileSync(UNIT, 'utf8');
const values = (key: string) => [...text.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1] as string);

describe('manifests/systemd/blockops.service', () => {
  it('runs blockops serve unprivileged, waits longer than the job grace to stop, and reads secrets as credentials', () => {
    expect(values('ExecStart')).toEqual(['/usr/bin/env blockops serve']);
    expect(values('DynamicUser')).toEqual(['yes']);
    expect(Number(values('TimeoutStopSec')[0]) * 1000).toBeGreaterThan(JOB_GRACE_MS + 5_000);
    const credentials = values('LoadCredential').map((c) => c.split(':')[0]);
    for (const name of credentials) expect(text, name).toContain(`=%d/${name}`);
    // No secret value in the unit: only _FILE settings point at them.
    expect(values('Environment').join(' ')).not.toMatch(/(TOKEN|SECRET|KEY|PASSWORD)=(?!%d\/)/);
  });

  // systemd-analyze is part of systemd; on a machine without it the unit's syntax goes unchecked here.
  it.skipIf(spawnSync('systemd-analyze', ['--version']).status !== 0)('passes systemd-analyze verify', () => {
    const r = spawnSync('systemd-analyze', ['verify', UNIT], { encoding: 'utf8' });
    const ours = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.includes('blockops.service'));
    expect(ours).toEqual([]);
  });
});
