import { describe, expect, it } from 'vitest';
import type { RequestView } from '../../src/core/engine/request-view.js';
import { renderApproval } from '../../src/slack/render/approval.js';
import { type Block, capBlocks, header, section, sections } from '../../src/slack/render/blocks.js';
import { code, escapeText, unescapeText, userMention } from '../../src/slack/render/escape.js';
import { renderImages } from '../../src/slack/render/images.js';
import { chunkLines, LIMITS, truncate } from '../../src/slack/render/limits.js';
import { renderRequesterNotice } from '../../src/slack/render/notice.js';
import { renderRequest } from '../../src/slack/render/requests.js';

const EVIL = '<!channel> <https://evil.example|click> & <@U0123>';

const image = (name: string, i = 0) => ({
  image_id: `id-${i}`,
  name,
  status: 'active',
  disk_format: 'raw',
  container_format: 'bare',
  size_bytes: 1024 * 1024 * 1024,
  min_disk_gb: 1,
  visibility: 'public',
  stores: ['cinder'],
  locations: [],
});

/** Every mrkdwn/plain text in a list of blocks (section and header text, context elements). */
function texts(blocks: Block[]): string[] {
  const out: string[] = [];
  for (const b of blocks as { text?: { text: string }; elements?: { text?: string }[] }[]) {
    if (b.text) out.push(b.text.text);
    for (const e of b.elements ?? []) if (typeof e.text === 'string') out.push(e.text);
  }
  return out;
}

describe('escaping', () => {
  it('turns & < > into entities so mentions and links show as text', () => {
    expect(escapeText(EVIL)).toBe('&lt;!channel&gt; &lt;https://evil.example|click&gt; &amp; &lt;@U0123&gt;');
    expect(unescapeText(escapeText(EVIL))).toBe(EVIL);
    expect(escapeText('&amp;')).toBe('&amp;amp;');
  });

  it('shows control characters from the cloud as escapes: no terminal codes, NUL or forged lines', () => {
    expect(escapeText('a\x1b[2J\x00b\u202ec\nd')).toBe('a\\u001b[2J\\u0000b\\u202ec\nd');
    expect(code('name\nApproved by <@U1>')).toBe('`name\\u000aApproved by &lt;@U1&gt;`');
  });

  it('keeps a value inside inline code', () => {
    expect(code('a`b<c>')).toBe('`aˋb&lt;c&gt;`');
  });

  it('mentions only real user ids', () => {
    expect(userMention('U0123ABCD')).toBe('<@U0123ABCD>');
    expect(userMention('<!channel>')).toBe('`&lt;!channel&gt;`');
    expect(userMention('ana')).toBe('`ana`');
  });

  it('renders cloud names escaped in the images list', () => {
    const m = renderImages({ images: [image(EVIL)], truncated: false });
    const all = JSON.stringify(m);
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<https://evil');
    expect(all).toContain('&lt;!channel&gt;');
    expect(m.text).not.toContain('<!channel>');
  });

  it('renders a requester-supplied preview escaped in the approval message', () => {
    const row: RequestView = {
      request_id: 'req-1',
      operation: 'launch_server',
      status: 'pending_approval',
      input: { name: EVIL },
      requester: 'alice-bot',
      requested_via: 'mcp',
      preview: `Launch "${EVIL}"`,
      approver_group: 'approvers',
      approvers: [],
      approvals_required: 1,
      approvals: [],
      created_at: '2026-01-01T00:00:00Z',
      expires_at: '2026-01-01T00:30:00Z',
    };
    const m = renderApproval(row, 'Launch servers');
    const all = JSON.stringify(m);
    const secret = JSON.stringify(
      renderApproval(
        { ...row, input: { source: 'https://ana:hunter2@example.com/a.raw', api_token: 'tok-1' } },
        'Upload',
      ),
    );
    expect(secret).not.toMatch(/hunter2|tok-1/);
    const signed = JSON.stringify(
      renderApproval(
        {
          ...row,
          preview: 'Download https://b.example/disk.raw?[redacted] and upload it',
          input: { source: 'https://b.example/disk.raw?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=f00dface' },
        },
        'Upload',
      ),
    );
    expect(signed).not.toMatch(/AKIAEXAMPLE|f00dface/);
    expect(signed).toContain('https://b.example/disk.raw?[redacted]');
    expect(all).not.toMatch(/<!channel>|<https:\/\/evil|<@U0123>/);
    expect(all).toContain('MCP identity');
    expect(all).toContain('blockops_approve');
  });
});

describe('approval message after a decision', () => {
  const asked: RequestView = {
    request_id: 'req-2',
    operation: 'clone_image',
    status: 'denied',
    input: {},
    requester: 'mcp:alice',
    requested_via: 'mcp',
    preview: 'Clone cirros',
    approver_group: 'approvers',
    approvers: ['U_APPROVER'],
    approvals_required: 1,
    approvals: [],
    created_at: '2026-01-01T00:00:00Z',
    expires_at: '2026-01-01T00:30:00Z',
    decided_by: 'U_APPROVER',
    reason: 'not <now>',
  };

  it('names who denied, escapes the reason, and drops the buttons', () => {
    const m = renderApproval(asked, 'Clone an image');
    const all = JSON.stringify(m);
    expect(all).toContain('*Denied* by <@U_APPROVER>: not &lt;now&gt;');
    expect(all).not.toContain('blockops_approve');
  });

  it('shows the requester who cancelled as the requester', () => {
    const m = renderApproval({ ...asked, status: 'cancelled', decided_by: 'mcp:alice' }, 'Clone an image');
    expect(JSON.stringify(m)).toContain('*Cancelled* by :robot_face: MCP identity `mcp:alice`');
  });

  it('says a self-confirmed request was confirmed in the client, never "approved by"', () => {
    const confirmed: RequestView = {
      ...asked,
      status: 'succeeded',
      approver_group: null,
      approvers: [],
      approvals_required: 0,
      decided_by: undefined,
      reason: undefined,
      self_confirmed_via_client: { actor: 'mcp:alice', via: 'mcp', at: '2026-01-01T00:01:00Z' },
    };
    for (const m of [renderApproval(confirmed, 'Clone an image'), renderRequest(confirmed)]) {
      const all = JSON.stringify(m);
      expect(all).toMatch(/[Ss]elf-confirmed via client by .*mcp:alice/);
      expect(all).not.toContain('Approved by');
    }
    const notice = JSON.stringify(renderRequesterNotice({ ...confirmed, status: 'running' }));
    expect(notice).toContain('self-confirmed via client');
    expect(notice).not.toMatch(/approved by/i);
  });
});

describe('Block Kit limits', () => {
  it('truncates with a count and never splits an entity', () => {
    const t = truncate('x'.repeat(5000), LIMITS.sectionText);
    expect(t.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(t).toMatch(/more characters\)$/);
    const entities = truncate(escapeText('<'.repeat(2000)), 100);
    expect(entities.length).toBeLessThanOrEqual(100);
    expect(entities.replace(/… \(\d+ more characters\)$/, '')).toMatch(/^(&lt;)+$/);
    expect(truncate('short', 10)).toBe('short');
  });

  it('keeps sections within 3000 characters and headers within 150', () => {
    const s = section('y'.repeat(10_000)) as { text: { text: string } };
    expect(s.text.text.length).toBeLessThanOrEqual(3000);
    const h = header('h'.repeat(400)) as { text: { text: string } };
    expect(h.text.text.length).toBeLessThanOrEqual(150);
    const chunks = chunkLines(Array.from({ length: 400 }, (_, i) => `line ${i} ${'z'.repeat(40)}`));
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(3000);
    expect(chunks.join('\n').split('\n')).toHaveLength(400);
  });

  it('caps a message at 50 blocks and says how many were left out', () => {
    const blocks = Array.from({ length: 80 }, (_, i) => section(`b${i}`));
    const capped = capBlocks(blocks);
    expect(capped).toHaveLength(50);
    expect(JSON.stringify(capped.at(-1))).toContain('31 more blocks');
  });

  it('paginates a long image list with a count of what is not shown', () => {
    const m = renderImages({ images: Array.from({ length: 300 }, (_, i) => image(`img-${i}`, i)), truncated: true });
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    const all = texts(m.blocks);
    expect(all.length).toBeGreaterThan(2);
    for (const t of all) expect(t.length).toBeLessThanOrEqual(3000);
    expect(JSON.stringify(m.blocks)).toContain('and 240+ more not shown');
    expect(sections(['a']).length).toBe(1);
  });
});
