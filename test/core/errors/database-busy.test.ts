import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isRefusal } from '../../../src/core/errors/codes.js';
import { toOpsError } from '../../../src/core/errors/to-ops-error.js';

describe('a locked SQLite database, as an error', () => {
  it('is STORE.BUSY, says nothing changed and what to do: not an unexpected failure, nor the cloud’s', () => {
    const dir = mkdtempSync(join(tmpdir(), 'blockops-busy-'));
    const file = join(dir, 'db.sqlite');
    const holder = new BetterSqlite3(file);
    const waiter = new BetterSqlite3(file, { timeout: 0 });
    try {
      holder.exec('create table t (x integer); begin immediate; insert into t values (1);');
      let busy: unknown;
      try {
        waiter.exec('insert into t values (2)');
      } catch (e) {
        busy = e;
      }
      expect((busy as { code?: string }).code).toBe('SQLITE_BUSY');
      const err = toOpsError(busy);
      expect(err.code).toBe('STORE.BUSY');
      expect(err.message).toMatch(/changed nothing\. Try again/);
      expect(isRefusal(err.code)).toBe(false);
    } finally {
      holder.exec('rollback');
      holder.close();
      waiter.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
