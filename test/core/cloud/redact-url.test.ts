import { describe, expect, it } from 'vitest';
import { redactUrlCredentials } from '../../../src/core/cloud/redact-url.js';

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
