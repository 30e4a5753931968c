import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { boltLogger } from '../../src/slack/bolt-logger.js';

describe("Bolt's logs through ours", () => {
  it('keep no pre-signed URL query from a logged request body, at debug', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = boltLogger(pino({ level: 'debug' }, sink));
    // What Bolt's App logs for every incoming slash command at debug: the whole body, as JSON.
    const body = {
      command: '/blockops',
      text: 'upload source=<https://b.example/disk.raw?X-Amz-Credential=AKIAEXAMPLE&amp;X-Amz-Signature=f00dface> name=u',
    };
    logger.debug(JSON.stringify(body));
    logger.debug('body', body);
    const out = lines.join('');
    expect(out).toContain('https://b.example/disk.raw?[redacted]');
    expect(out).not.toMatch(/AKIAEXAMPLE|f00dface/);
  });
});
