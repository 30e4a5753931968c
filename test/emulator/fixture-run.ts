import type { RunningEmulator } from '../../src/emulator/index.js';
import type { Reply } from './client.js';

/** What the fixture cases share: the emulator, tokens, and ids made by earlier cases (the table runs in order). */
export interface Run {
  emu: RunningEmulator;
  admin: string;
  member: string;
  ids: Record<string, string>;
}

export interface FixtureCase {
  /** Path under fixtures/openstack-real-zed/. */
  fixture: string;
  status: number;
  /** The same request INDEX.md lists for the fixture (setting up whatever it needs first). */
  run(r: Run): Promise<Reply>;
  /** Paths of user-data maps whose keys legitimately differ (e.g. volume type extra_specs). */
  freeForm?: string[];
}

export function id(r: Run, key: string): string {
  const v = r.ids[key];
  if (!v) throw new Error(`an earlier case should have set ids.${key}`);
  return v;
}
