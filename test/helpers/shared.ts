import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `../shared/` beside the project checkout: fixtures and notes kept outside the repo (see README). */
export const SHARED_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared');
export const FIXTURES_DIR = join(SHARED_DIR, 'fixtures');

/**
 * Suites that read ../shared/ skip when it is absent: a clone of the project alone has no shared/ beside it,
 * and `npm test` must still pass there. CI always has it, so these suites always run in CI.
 */
export const hasShared = existsSync(FIXTURES_DIR);
export const SKIP_REASON = '../shared/fixtures is absent (a clone of the project alone); CI always has it';
