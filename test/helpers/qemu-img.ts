import { spawnSync } from 'node:child_process';

/**
 * Whether Debian's qemu-img (qemu-utils) is on this machine. `npm test` must pass without it, so suites that need the
 * real tool (adoption's conversions, the checks of our own image builders) skip when it is absent; CI installs it
 * (.ci/run), so there they always run.
 */
export const hasQemuImg = spawnSync('qemu-img', ['--version']).status === 0;
