import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/core/oncall/schema.js';
import { renderIncident, renderIncidentInFull } from '../../src/slack/render/incident.js';

const vm = (name: string, i: number) => ({ id: `id-${i}`, name, volumes: [] });
const base: Incident = {
  id: 'inc-0123456789',
  key: 'lightbits',
  status: 'open',
  severity: 'io_lost',
  peak_severity: 'io_lost',
  title: 'Lightbits node <!channel> Inactive',
  summary: 'x',
  opened_at: '2026-12-06T10:00:00.000Z',
  updated_at: '2026-12-06T10:05:00.000Z',
  blast_radius: {
    nodes_down: ['n1'],
    io_lost: ['<!here>', ...Array.from({ length: 9 }, (_, i) => `db-${i}`)].map(vm),
    failed_over: [],
    single_replica: [vm('web-1', 99)],
    image_volumes: [],
    unattached_volumes: { count: 0, ids: [] },
    volumes: { affected: 1234, io_lost: 10, failed_over: 0, single_replica: 1 },
  },
  serving_nodes: ['n2'],
  timeline: [{ at: '2026-12-06T10:00:00.000Z', text: 'Opened: <@U123> node' }],
};
const all = (m: { text: string; blocks: unknown[] }) => JSON.stringify(m);

describe('the incident message', () => {
  it('escapes what comes from the cluster and names the worst VMs first, a few of them', () => {
    const m = all(renderIncident(base, { mention: 'S0ONCALL' }));
    expect(m).not.toContain('<!here>');
    expect(m).toContain('&lt;!here&gt;');
    // The header is plain_text, which Slack shows as typed; everywhere else it must be escaped.
    expect(m.replace(/"type":"plain_text","text":"[^"]*"/, '')).not.toMatch(/<!channel>/);
    expect(m).toContain('and 5 more');
    expect(m).toContain('*1,234* volumes affected');
    expect(m).toContain('<!subteam^S0ONCALL>');
    expect(m).toContain('/blockops incident inc-0123456789');
  });

  it('mentions the group only for I/O loss, and only a real user-group id', () => {
    expect(all(renderIncident({ ...base, severity: 'single_replica' }, { mention: 'S0ONCALL' }))).not.toContain(
      'subteam',
    );
    expect(all(renderIncident(base, { mention: '<!everyone>' }))).not.toContain('everyone');
  });

  it('says how long a resolved incident lasted, its worst severity and its timeline', () => {
    const m = all(
      renderIncident({ ...base, status: 'resolved', severity: 'degraded', resolved_at: '2026-12-06T10:26:00.000Z' }),
    );
    expect(m).toContain('Resolved after 26 min');
    expect(m).toContain('worst: *I/O lost*');
    expect(m).toContain('&lt;@U123&gt;');
    expect(m).not.toContain('subteam');
  });

  it('names every VM in the full view', () => {
    const m = all(renderIncidentInFull(base));
    for (let i = 0; i < 9; i++) expect(m).toContain(`db-${i}`);
    expect(m).not.toContain('more');
  });
});
