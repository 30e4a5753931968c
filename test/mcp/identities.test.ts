import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findIdentity, parseTokens, sha256Hex, stdioActor, TokenFile } from '../../src/mcp/identities.js';

const ALICE = 'alice-token-0123456789abcdef';
const BOB = 'bob-token-fedcba9876543210';

describe('MCP identities', () => {
  it('hashes tokens as sha256sum does', () => {
    // printf %s abc | sha256sum
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('reads a YAML list or a { tokens } map, and finds the identity a token belongs to', () => {
    const yaml = `- identity: alice\n  token_sha256: ${sha256Hex(ALICE).toUpperCase()}\n- identity: bob\n  token_sha256: ${sha256Hex(BOB)}\n  read_only: true\n`;
    const entries = parseTokens(yaml, 'tokens.yaml');
    expect(findIdentity(entries, ALICE)).toMatchObject({ identity: 'alice', read_only: false });
    expect(findIdentity(entries, BOB)).toMatchObject({ identity: 'bob', read_only: true });
    expect(findIdentity(entries, 'nobody')).toBeUndefined();
    const json = JSON.stringify({ tokens: [{ identity: 'carol', token_sha256: sha256Hex('c') }] });
    expect(findIdentity(parseTokens(json, 'tokens.json'), 'c')?.identity).toBe('carol');
  });

  it('refuses a file that stores a token instead of its hash, without echoing it', () => {
    const text = `- identity: alice\n  token_sha256: ${ALICE}\n`;
    let message = '';
    try {
      parseTokens(text, '/etc/blockops/tokens.yaml');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('0.token_sha256: must be the 64 hex digits of sha256sum');
    expect(message).not.toContain(ALICE);
    expect(() => parseTokens('- identity: x\n  token: abc\n', 't')).toThrow(/MCP|expected a list/);
  });

  it('re-reads the tokens file when it changes', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mcp-tokens-')), 'tokens.yaml');
    writeFileSync(file, `- identity: alice\n  token_sha256: ${sha256Hex(ALICE)}\n`);
    const tokens = new TokenFile(file);
    expect(findIdentity(await tokens.entries(), ALICE)?.identity).toBe('alice');
    writeFileSync(file, `- identity: bob\n  token_sha256: ${sha256Hex(BOB)}\n  read_only: true\n# rotated\n`);
    const after = await tokens.entries();
    expect(findIdentity(after, ALICE)).toBeUndefined();
    expect(findIdentity(after, BOB)?.identity).toBe('bob');
  });

  it('names the stdio actor from BLOCKOPS_MCP_IDENTITY, else mcp:<login>, acting for the login', () => {
    const login = userInfo().username;
    expect(stdioActor({ BLOCKOPS_MCP_IDENTITY: 'claude-alice' })).toEqual({
      id: 'claude-alice',
      via: 'mcp',
      onBehalfOf: login,
    });
    expect(stdioActor({}, 'flagged')).toEqual({ id: 'flagged', via: 'mcp', onBehalfOf: login });
    expect(stdioActor({}).id).toBe(`mcp:${login}`);
  });
});
