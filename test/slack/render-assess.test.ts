import { describe, expect, it } from 'vitest';
import { renderAssess } from '../../src/slack/render/assess.js';

const EVIL = '<!channel> <https://evil.example|click>';

describe('renderAssess', () => {
  it('shows the fleet counts and the top offenders with their route, names escaped', () => {
    const out = renderAssess({
      volume_type: 'lightbits',
      truncated: false,
      images: [
        {
          image_id: 'q1',
          name: EVIL,
          status: 'active',
          visibility: 'public',
          stores: ['cinder'],
          predicted_path: 'copy',
          confidence: 'certain',
          failing: [{ id: 'raw_bare', evidence: 'qcow2' }],
          volumes_made: 3,
          route: 'convert-to-raw',
          copy_cost_bytes: 3 * 1024 ** 3,
        },
      ],
      summary: {
        images: 4,
        ready: 3,
        will_copy: 1,
        will_copy_by_reason: { raw_bare: 1 },
        by_route: { ready: 3, 'convert-to-raw': 1 },
        file_store_bytes: 0,
        copy_cost: { volumes_made: 3, bytes: 3 * 1024 ** 3, estimated_seconds: 24, throughput_mib_s: 128 },
        top_offenders: [{ image_id: 'q1', name: EVIL, copy_cost_bytes: 3 * 1024 ** 3, reasons: ['raw_bare'] }],
        notes: ['partial view'],
      },
    });
    const text = JSON.stringify(out.blocks);
    expect(out.text).toBe('3 ready, 1 will copy of 4 image(s)');
    expect(text).toContain('*3* of 4 image(s) ready for block clones; *1* will be copied (`raw_bare` 1)');
    expect(text).toContain('raw_bare, 3.0 GiB copied; adopt: convert-to-raw');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('partial view');
  });
});
