import { afterEach, describe, expect, it, vi } from 'vitest';
import { printError, printResult } from '../../src/cli/output.js';
import { OpsError } from '../../src/core/errors/ops-error.js';

const EVIL = 'evil\x1b]0;owned\x07\x1b[2J\u009b31m\u202egnp.exe\r\nfake: line';
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for exactly these
const RAW_CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/;

function capture(stream: 'stdout' | 'stderr'): () => string {
  let out = '';
  vi.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  return () => out;
}

describe('human CLI output', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('writes no control character from a value to the terminal, in the summary or the details', () => {
    const out = capture('stdout');
    printResult(false, `Image "${EVIL}": active`, { name: EVIL, nested: { [EVIL]: [EVIL] } });
    expect(out()).not.toMatch(RAW_CONTROL);
    expect(out()).toContain('evil\\u001b]0;owned\\u0007');
    expect(out().split('\n')[0]).toBe(
      'Image "evil\\u001b]0;owned\\u0007\\u001b[2J\\u009b31m\\u202egnp.exe\\u000d\\u000afake: line": active',
    );
  });

  it('leaves --json to JSON, which escapes them itself', () => {
    const out = capture('stdout');
    printResult(true, 'x', { name: EVIL });
    expect(JSON.parse(out()).name).toBe(EVIL);
  });

  it('shows an error message from the cloud with its control characters escaped', () => {
    const err = capture('stderr');
    printError(new OpsError('IMAGE.NOT_FOUND', `No image named "${EVIL}".`));
    expect(err()).not.toMatch(RAW_CONTROL);
    expect(err().trimEnd().split('\n')).toHaveLength(1);
  });
});
