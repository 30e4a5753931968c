import { describe, expect, it } from 'vitest';
import { Registry } from '../../src/core/engine/registry.js';
import { allOperations } from '../../src/core/operations.js';
import { parseArguments } from '../../src/slack/commands/parse-args.js';
import { planCommand } from '../../src/slack/commands/plan.js';
import { findSubcommand, subcommands } from '../../src/slack/commands/subcommands.js';
import { ArgumentError, tokenize, unformat } from '../../src/slack/commands/tokenize.js';
import { usageLine } from '../../src/slack/commands/usage.js';

const registry = new Registry(allOperations);
const sub = (name: string) => {
  const s = findSubcommand(registry, name);
  if (!s) throw new Error(`no subcommand ${name}`);
  return s;
};
const parse = (name: string, text: string) => parseArguments(sub(name), tokenize(unformat(text)));

describe('tokenize', () => {
  it('keeps quoted values together, with straight or typographic quotes', () => {
    expect(tokenize('launch name="Alma Linux 9.6" flavor=m1.tiny')).toEqual([
      'launch',
      'name=Alma Linux 9.6',
      'flavor=m1.tiny',
    ]);
    expect(tokenize('launch name=“Alma Linux 9.6”')).toEqual(['launch', 'name=Alma Linux 9.6']);
    expect(tokenize('x=\'a b\' y="c \\" d"')).toEqual(['x=a b', 'y=c " d']);
    expect(tokenize('  a   b  ')).toEqual(['a', 'b']);
    expect(tokenize('name=""')).toEqual(['name=']);
  });

  it('refuses an unclosed quote', () => {
    expect(() => tokenize('name="Alma Linux')).toThrow(ArgumentError);
  });

  it('undoes Slack formatting: auto-links, mentions, entities', () => {
    expect(unformat('upload <https://example.com/a.raw> name=x')).toBe('upload https://example.com/a.raw name=x');
    expect(unformat('upload <https://example.com/a.raw|example.com/a.raw>')).toBe('upload https://example.com/a.raw');
    expect(unformat('audit actor=<@U0123ABCD|ana>')).toBe('audit actor=U0123ABCD');
    expect(unformat('name=a&amp;b&lt;c&gt;')).toBe('name=a&b<c>');
  });
});

describe('parseArguments', () => {
  it('parses key=value by the schema types', () => {
    expect(
      parse('launch', 'image=cirros flavor=m1.tiny name=vm count=2 size_gb=10 keep_volume=yes network=none'),
    ).toEqual({
      image: 'cirros',
      flavor: 'm1.tiny',
      name: 'vm',
      count: 2,
      size_gb: 10,
      keep_volume: true,
      network: 'none',
    });
  });

  it('fills the main field from a bare first argument', () => {
    expect(parse('failover', 'vm1')).toEqual({ server: 'vm1' });
    expect(parse('verify', 'cirros')).toEqual({ image: 'cirros' });
    expect(parse('approve', 'req-123')).toEqual({ request_id: 'req-123' });
    expect(parse('launch', 'cirros flavor=m1.tiny name=x')).toMatchObject({ image: 'cirros', flavor: 'm1.tiny' });
  });

  it('accepts kebab-case keys and a unique enum prefix', () => {
    expect(parse('launch', 'size-gb=5 image=x flavor=y name=z')).toMatchObject({ size_gb: 5 });
    expect(parse('requests', 'pending')).toEqual({ status: 'pending_approval' });
  });

  it('says what is wrong: a non-number, an unknown key, a second bare word, a repeated key, a bad enum', () => {
    expect(() => parse('launch', 'count=many')).toThrow('count takes a number, not "many"');
    expect(() => parse('launch', 'count=1.5')).toThrow('whole number');
    expect(() => parse('launch', 'colour=red')).toThrow('launch has no argument "colour"');
    expect(() => parse('failover', 'vm1 vm2')).toThrow('"vm2" is not key=value');
    expect(() => parse('failover', 'vm1 server=vm2')).toThrow('given twice');
    expect(() => parse('launch', 'name=a name=b')).toThrow('name is given twice');
    expect(() => parse('requests', 'status=nope')).toThrow('status takes one of');
    expect(() => parse('health', 'x')).toThrow(ArgumentError);
  });
});

describe('subcommands and usage', () => {
  it('generates the short names from the registry, and kebab-case names for the rest', () => {
    const names = subcommands(registry).map((s) => s.name);
    for (const n of [
      'images',
      'upload',
      'verify',
      'clone',
      'boot',
      'launch',
      'health',
      'failover',
      'requests',
      'approve',
      'deny',
      'audit',
    ]) {
      expect(names).toContain(n);
    }
    expect(names).toContain('get-image');
    expect(findSubcommand(registry, 'images')?.op.name).toBe('list_images');
    expect(findSubcommand(registry, 'failover')?.op.name).toBe('get_failover_status');
  });

  it('writes usage from the input schema: main field bare, required first, optional in brackets', () => {
    const line = usageLine(sub('launch'));
    expect(line.startsWith('/blockops launch <image> flavor=<flavor> name=<name>')).toBe(true);
    expect(line).toContain('[count=<integer>]');
    expect(line).toContain('[keep_volume=<true|false>]');
    expect(usageLine(sub('requests'))).toContain('[<pending_approval|approved|');
  });
});

describe('planCommand', () => {
  it('answers help and mistakes in the ack, opens the form for a bare launch, and runs the rest', () => {
    expect(planCommand(registry, '').kind).toBe('answer');
    expect(planCommand(registry, 'help launch')).toMatchObject({ kind: 'answer' });
    expect(planCommand(registry, 'launch')).toEqual({ kind: 'launch-form' });
    expect(planCommand(registry, 'failover vm1')).toMatchObject({ kind: 'run', input: { server: 'vm1' } });
    const unknown = planCommand(registry, 'frobnicate');
    expect(unknown.kind === 'answer' && unknown.message.text).toContain('frobnicate');
    const invalid = planCommand(registry, 'failover');
    expect(invalid.kind === 'answer' && JSON.stringify(invalid.message.blocks)).toContain(
      'exactly one of server or volume',
    );
  });

  it('lists in help only what the user may run', () => {
    const plan = planCommand(registry, 'help', (op) => op.startsWith('list_'));
    const text = plan.kind === 'answer' ? JSON.stringify(plan.message.blocks) : '';
    expect(text).toContain('/blockops images');
    expect(text).not.toContain('`/blockops launch &lt;image');
  });
});
