import { describe, expect, it } from 'vitest';
import { redactUrl, redactUrlCredentials, redactUrlsDeep, redactUrlsIn } from '../../../src/core/cloud/redact-url.js';

describe('redactUrlCredentials', () => {
  it("hides the S3 store's access and secret keys but keeps where the image is", () => {
    expect(redactUrlCredentials('s3://AKIAXXX:wJalrXUtnFEMI@s3.example:443/glance/845422ce')).toBe(
      's3://***@s3.example:443/glance/845422ce',
    );
  });
  it('leaves URLs without credentials alone', () => {
    for (const u of [
      'cinder://cinder/cd820704-8625-49b6-9733-e4a0df23ebf2',
      'file:///var/lib/glance/images/x',
      'http://h/p?q=a@b',
    ]) {
      expect(redactUrlCredentials(u)).toBe(u);
    }
  });
});

describe('redactUrl in views', () => {
  it('hides credentials, query values and the fragment, keeping where and which parameters', () => {
    expect(redactUrl('https://u:pw@images.example/a/cirros.img?X-Amz-Signature=abc&X-Amz-Expires=60#tok=1')).toBe(
      'https://***@images.example/a/cirros.img?[redacted]',
    );
    expect(redactUrl('https://images.example/cirros.img')).toBe('https://images.example/cirros.img');
  });

  it('finds URLs inside text and inside nested values', () => {
    expect(redactUrlsIn('Upload from https://h/x.img?sig=s3cr3t as "x"')).toBe(
      'Upload from https://h/x.img?[redacted] as "x"',
    );
    const deep = redactUrlsDeep({ source: ['swift://k:secret@h/c/o?temp_url_sig=s'], n: 3, none: null });
    expect(deep).toEqual({ source: ['swift://***@h/c/o?[redacted]'], n: 3, none: null });
  });
});
