import { describe, expect, it } from 'vitest';
import { loadPrompts, PROMPTS_DIR, parsePrompt, renderPrompt } from '../../src/mcp/prompts.js';

const FILE = `---
name: demo
description: A demo prompt.
arguments:
  - name: image
    description: The image.
    required: true
  - name: flavor
    description: The flavor.
---
Launch from {{image}} with {{ flavor }}.
`;

describe('MCP prompt files', () => {
  it('parses front matter and substitutes arguments', () => {
    const p = parsePrompt(FILE, 'demo.md');
    expect(p).toMatchObject({ name: 'demo', description: 'A demo prompt.' });
    expect(p.arguments).toEqual([
      { name: 'image', description: 'The image.', required: true },
      { name: 'flavor', description: 'The flavor.', required: false },
    ]);
    expect(renderPrompt(p, { image: 'cirros', flavor: 'm1.tiny' })).toBe('Launch from cirros with m1.tiny.');
    expect(renderPrompt(p, { image: 'cirros' })).toBe('Launch from cirros with (not given).');
  });

  it('rejects a file without front matter, a bad field, or a placeholder it does not declare', () => {
    expect(() => parsePrompt('# no front matter', 'x.md')).toThrow(/front matter/);
    expect(() => parsePrompt('---\nname: Bad Name\ndescription: d\n---\nbody', 'x.md')).toThrow(
      /name: must be kebab-case/,
    );
    expect(() => parsePrompt('---\nname: x\ndescription: d\n---\nuse {{image}}', 'x.md')).toThrow(
      /\{\{image\}\} is not one of the declared arguments/,
    );
  });

  it('ships launch-vm, onboard-image and triage-failover, each naming the tools it relies on', () => {
    const prompts = Object.fromEntries(loadPrompts(PROMPTS_DIR).map((p) => [p.name, p]));
    expect(Object.keys(prompts)).toEqual(expect.arrayContaining(['launch-vm', 'onboard-image', 'triage-failover']));
    expect(prompts['launch-vm']?.body).toMatch(/get_image[\s\S]*launch_server[\s\S]*get_request/);
    expect(prompts['onboard-image']?.body).toMatch(/upload_image[\s\S]*verify_image/);
    expect(prompts['onboard-image']?.body).toContain('raw');
    expect(prompts['triage-failover']?.body).toMatch(
      /get_failover_status[\s\S]*get_health[\s\S]*list_incidents[\s\S]*get_incident[\s\S]*query_audit/,
    );
    expect(prompts['launch-vm']?.arguments.find((a) => a.name === 'image')?.required).toBe(true);
  });
});
