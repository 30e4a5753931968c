import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildManifest } from '../../src/cli/command-manifest-build.js';
import { buildProgram as buildProgramFrom } from '../../src/cli/program.js';
import { allOperations } from '../../src/core/operations.js';

// The manifest of the live registry, as the build writes it (command-manifest.test.ts holds the two equal).
const manifest = await buildManifest(join(dirname(fileURLToPath(import.meta.url)), '../../src'));
const buildProgram = () => buildProgramFrom(manifest);

/** Every command's help, as `blockops … --help` prints it, walked through the whole command tree. */
function helps(cmd: Command, path: string[] = []): { path: string; text: string }[] {
  const here = { path: ['blockops', ...path].join(' '), text: cmd.helpInformation() };
  return [here, ...cmd.commands.flatMap((c) => helps(c, [...path, c.name()]))];
}

const MCP_NAMES = allOperations.map((op) => op.name).filter((n) => n.includes('_'));

describe('the CLI speaks CLI in its help', () => {
  const all = helps(buildProgram());

  it('covers every verb', () => {
    for (const op of allOperations) expect(all.map((h) => h.path)).toContain(`blockops ${op.name.replace(/_/g, '-')}`);
  });

  it('names no MCP tool, no made-up flag, and shows no JSON example a key=value flag would reject', () => {
    for (const { path, text } of all) {
      for (const name of MCP_NAMES)
        expect(text, `${path} --help names ${name}`).not.toMatch(new RegExp(`\\b${name}\\b`));
      expect(text, path).not.toMatch(/--input\b/);
      expect(text, path).not.toMatch(/\{"/);
    }
  });

  it('takes the object of a verb as its argument where the openstack command does', () => {
    const usage = (verb: string) => all.find((h) => h.path === `blockops ${verb}`)?.text.split('\n')[0];
    expect(usage('get-image')).toBe('Usage: blockops get-image [options] [image]');
    expect(usage('get-volume')).toBe('Usage: blockops get-volume [options] [volume]');
    expect(usage('get-request')).toBe('Usage: blockops get-request [options] [request_id]');
    expect(usage('approve-request')).toBe('Usage: blockops approve-request [options] [request_id]');
    expect(usage('list-images')).toBe('Usage: blockops list-images [options]');
    expect(usage('image show')).toBe('Usage: blockops image show [options] [image]');
    expect(usage('volume show')).toBe('Usage: blockops volume show [options] [volume]');
    expect(usage('request show')).toBe('Usage: blockops request show [options] [request_id]');
    expect(usage('server list')).toBe('Usage: blockops server list [options]');
  });

  it('offers -f/-c/--json on every verb, --wait/--no-wait where approval may be needed, --os-* and --version globally', () => {
    const program = buildProgram();
    for (const cmd of program.commands.filter((c) =>
      allOperations.some((op) => op.name.replace(/_/g, '-') === c.name()),
    )) {
      const longs = cmd.options.map((o) => o.long);
      expect(longs, cmd.name()).toEqual(expect.arrayContaining(['--format', '--column', '--json']));
    }
    const launch = program.commands.find((c) => c.name() === 'launch-server');
    expect(launch?.options.map((o) => o.long)).toEqual(expect.arrayContaining(['--wait', '--no-wait']));
    expect(program.options.map((o) => o.long)).toEqual(
      expect.arrayContaining([
        '--version',
        '--debug',
        '--os-cloud',
        '--os-auth-url',
        '--os-username',
        '--os-password',
        '--os-project-name',
        '--os-region-name',
      ]),
    );
  });
});
