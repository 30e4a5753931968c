import { describe, expect, it } from 'vitest';
import { progressPrinter } from '../../src/cli/progress.js';

function stream(isTTY: boolean) {
  let out = '';
  return {
    s: {
      isTTY,
      columns: 60,
      write: (t: string) => {
        out += t;
        return true;
      },
    } as unknown as NodeJS.WriteStream,
    out: () => out,
  };
}

describe('progress on stderr', () => {
  it('draws one bar, redrawn in place, on a terminal', () => {
    const t = stream(true);
    const p = progressPrinter(t.s);
    p({ message: 'uploading 1 of 4 MiB', fraction: 0.25 });
    p({ message: 'uploading 2 of 4 MiB', fraction: 0.5 });
    p({ message: 'uploading 4 of 4 MiB', fraction: 1 });
    p({ message: 'verifying' });
    const out = t.out();
    expect(out.split('\r').length).toBe(4);
    expect(out).toContain('[###############...............]  50% uploading 2 of 4 MiB');
    expect(out).toMatch(/100% uploading 4 of 4 MiB\s*\n… verifying\n$/);
  });

  it('writes the current line, one per update, anywhere else', () => {
    const t = stream(false);
    const p = progressPrinter(t.s);
    p({ message: 'uploading 1 of 4 MiB', fraction: 0.25 });
    p({ message: 'evil\x1b[2J', fraction: 0.5 });
    expect(t.out()).toBe('… uploading 1 of 4 MiB\n… evil\\u001b[2J\n');
  });
});
