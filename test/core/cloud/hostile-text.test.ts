import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../src/core/audit/redact.js';
import { resourceName, showControls } from '../../../src/core/cloud/names.js';
import { redactUrl, redactUrlsIn } from '../../../src/core/cloud/redact-url.js';
import { previewUpload } from '../../../src/core/upload/preview.js';
import { uploadImageInput } from '../../../src/core/upload/schema.js';

const SIGNED =
  'https://bucket.s3.example.com/images/disk.raw?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE' +
  '&X-Amz-Signature=f00dfacecafe';

describe('redactUrl', () => {
  it('drops the query, fragment and user info, keeping scheme, host, port and path', () => {
    expect(redactUrl(SIGNED)).toBe('https://bucket.s3.example.com/images/disk.raw?[redacted]');
    expect(redactUrl('http://ana:hunter2@10.0.0.5:8080/a.raw#token=x')).toBe(
      'http://***@10.0.0.5:8080/a.raw?[redacted]',
    );
    expect(redactUrl('s3://AKIA:secret@s3.example/glance/id')).toBe('s3://***@s3.example/glance/id');
    expect(redactUrl('cinder://cinder/cd820704')).toBe('cinder://cinder/cd820704');
    expect(redactUrl('/srv/images/a.raw')).toBe('/srv/images/a.raw');
  });

  it('is idempotent, so an audit record redacted twice hashes the same', () => {
    for (const u of [SIGNED, 'http://a:b@h/p?q#f', 'http://h/p']) expect(redactUrl(redactUrl(u))).toBe(redactUrl(u));
  });

  it('finds URLs inside text, a Slack command and JSON alike', () => {
    const text = `upload source=<${SIGNED}> name=x and "url":"${SIGNED}", done`;
    const out = redactUrlsIn(text);
    expect(out).not.toMatch(/AKIAEXAMPLE|f00dfacecafe/);
    expect(out).toContain('<https://bucket.s3.example.com/images/disk.raw?[redacted]>');
    expect(out).toContain('name=x');
  });
});

describe('the audit redactor', () => {
  it('redacts URLs in every string, under any key, and leaves other strings alone', () => {
    const out = redactSecrets({
      input: { source: SIGNED, name: 'ubuntu' },
      details: { preview: `Download ${SIGNED}` },
    });
    expect(JSON.stringify(out)).not.toMatch(/AKIAEXAMPLE|f00dfacecafe/);
    expect(out.input.name).toBe('ubuntu');
    expect(out.input.source).toBe('https://bucket.s3.example.com/images/disk.raw?[redacted]');
  });
});

describe('the upload preview', () => {
  it('never carries a signature, even in a URL that does not parse or in a property', () => {
    const input = uploadImageInput.parse({
      source: SIGNED,
      name: 'u',
      disk_format: 'raw',
      properties: { origin: SIGNED },
    });
    expect(previewUpload(input)).not.toMatch(/AKIAEXAMPLE|f00dfacecafe/);
    expect(previewUpload({ ...input, source: 'http://[bad/x?sig=f00dfacecafe' })).not.toContain('f00dfacecafe');
  });
});

describe('control characters', () => {
  it('shows them as escapes, keeping only what the renderer asks to keep', () => {
    expect(showControls('a\x1b]0;t\x07b\x00c\u009bd\u202ee')).toBe('a\\u001b]0;t\\u0007b\\u0000c\\u009bd\\u202ee');
    expect(showControls('one\ntwo\r')).toBe('one\\u000atwo\\u000d');
    expect(showControls('one\ntwo', '\n')).toBe('one\ntwo');
    expect(showControls('ubuntu-24.04 café')).toBe('ubuntu-24.04 café');
  });

  it('are refused in names blockops creates, with a message that says what to use', () => {
    const name = resourceName(255);
    for (const bad of ['a\x1b[2J', 'a\nb', 'a\x00', 'bell\x07', 'tab\t', 'c1\u009b', 'rtl\u202e']) {
      const r = name.safeParse(bad);
      expect(r.success, JSON.stringify(bad)).toBe(false);
      expect(r.error?.issues[0]?.message).toMatch(/control character.*printable characters only/);
    }
    expect(name.parse('web-01 (café)')).toBe('web-01 (café)');
  });
});
