import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const readJson = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Record<string, unknown>;

// ajv-formats is CommonJS: its default export arrives wrapped under NodeNext resolution.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** The MCP registry's published server.json schema (vendored, see test/schemas/README.md) as a validator. */
function registryValidator() {
  const schema = readJson('test/schemas/mcp-registry-server.2025-12-11.schema.json');
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return { schema, validate: ajv.compile(schema) };
}

const explain = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');

describe('manifests/mcp/server.json for the MCP registry', () => {
  const { schema, validate } = registryValidator();
  const server = readJson('manifests/mcp/server.json');
  const pkg = readJson('package.json');

  it('names the schema it is valid against, and is valid against it', () => {
    expect(server['$schema']).toBe(schema['$id']);
    expect(validate(server), explain(validate.errors)).toBe(true);
  });

  it('the validator catches what the registry would refuse', () => {
    const broken = structuredClone(server) as Record<string, unknown> & { packages: Record<string, unknown>[] };
    broken['name'] = 'blockops'; // no namespace
    broken.packages[0] = { ...broken.packages[0], version: 'latest', transport: { type: 'carrier-pigeon' } };
    expect(validate(broken)).toBe(false);
    const messages = explain(validate.errors);
    expect(messages).toContain('/name must match pattern');
    expect(messages).toContain('/packages/0/version must NOT be valid');
  });

  it('matches package.json: the registry checks mcpName, and the versions must agree', () => {
    expect(pkg['mcpName']).toBe(server['name']);
    expect(server['version']).toBe(pkg['version']);
    const [npm] = server['packages'] as Record<string, unknown>[];
    expect(npm).toMatchObject({ registryType: 'npm', identifier: pkg['name'], version: pkg['version'] });
  });

  it('has a LICENSE and a CHANGELOG entry for this version', () => {
    expect(pkg['license']).toBe('Apache-2.0');
    const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    expect(license).toContain('Apache License');
    expect(license).toContain('Version 2.0, January 2004');
    expect(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8')).toMatch(new RegExp(`^## \\[?${pkg['version']}`, 'm'));
  });
});
