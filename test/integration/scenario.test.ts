import { describe, expect, it } from 'vitest';
import { BOX_DIR, boxAvailability, boxTarget } from './box-target.js';
import { emulatorTarget } from './emulator-target.js';
import type { Recording } from './recording.js';
import { describeScenario } from './scenario.js';
import { compareOutputs, compareRuns, group } from './shape-diff.js';

// The box variant needs the real OpenStack of scripts/openstack-box.sh (root, Debian 12 packages): it runs when
// BLOCKOPS_BOX=1 (CI starts the box first; a box that is not up then fails here) or when the box's env file exists
// and its status says every service runs. Otherwise it is skipped, with the reason in its title.
const box = boxAvailability();
const skipBox = box.run ? false : box.reason;

const emulator = describeScenario('the scenario on the emulator', emulatorTarget, false);
const real = describeScenario(
  `the scenario on the real OpenStack box${skipBox ? ` (skipped: ${skipBox})` : ''}`,
  boxTarget,
  skipBox,
);

describe.skipIf(skipBox !== false)('box and emulator answer the same calls alike', () => {
  it('same status codes, keys and JSON types for every call the scenario made on both', () => {
    const b = real.recording();
    const e = emulator.recording();
    if (!b || !e) throw new Error('both scenario runs must have finished first');
    const [gb, ge] = [grouped(b), grouped(e)];
    // The recorder saw the calls that matter (an empty recording would compare clean).
    for (const key of [
      'identity POST /v3/auth/tokens',
      'image PUT /v2/images/{id}/file',
      'compute POST /v2.1/servers',
    ]) {
      expect(Object.keys(gb)).toContain(key);
    }
    const result = compareRuns(gb, ge);
    // Calls made on one cloud only (e.g. a wait that never saw an intermediate state) are listed, not failed.
    if (result.onlyBox.length || result.onlyEmu.length) {
      console.info(
        `calls only on the box:\n  ${result.onlyBox.join('\n  ')}\ncalls only on the emulator:\n  ${result.onlyEmu.join('\n  ')}`,
      );
    }
    expect(result.differences, `box state in ${BOX_DIR}`).toEqual([]);
  });

  it("blockops' outputs have the same fields and types on both", () => {
    const b = real.recording();
    const e = emulator.recording();
    if (!b || !e) throw new Error('both scenario runs must have finished first');
    expect(compareOutputs(b.outputs, e.outputs)).toEqual([]);
  });
});

function grouped(r: Recording) {
  return group(r.exchanges, r.target.locate, r.tag);
}
