import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph } from './import-graph.js';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '../../src');
const graph = importGraph(SRC);

/** The layers, highest first: a module may import its own layer or a lower one, never a higher one. */
const LAYERS: [string, RegExp][] = [
  ['entry', /^(main|cli\/)/],
  ['doors', /^(slack|mcp|api)\//],
  ['server', /^server\//],
  ['composition root', /^app\//],
  ['operation list', /^core\/operations\.ts$/],
  ['capabilities', /^core\/(upload|clone|boot|launch|verify|health|failover|requests|inventory|oncall|adoption)\//],
  ['engine', /^core\/engine\//],
  ['core kit', /^core\/(cloud|people|policy|store|audit|batching)\//],
  ['config', /^config\//],
  ['errors', /^core\/errors\//],
  ['clients', /^clients\//],
  ['base', /^(log|version)\.ts$/],
];
const EMULATOR = /^emulator\//;

function layerOf(file: string): number {
  const i = LAYERS.findIndex(([, re]) => re.test(file));
  if (i < 0) throw new Error(`${file} is in no layer: add it to LAYERS`);
  return i;
}

describe('the import graph of src/', () => {
  it('has no cycle of run-time imports', () => {
    expect(cycles(graph.filter((e) => !e.typeOnly))).toEqual([]);
  });

  it('has type-only cycles inside one folder at most', () => {
    const crossing = cycles(graph).filter((c) => new Set(c.map((f) => dirname(f))).size > 1);
    expect(crossing).toEqual([]);
  });

  it('never imports from a higher layer', () => {
    const upward = graph
      .filter((e) => !EMULATOR.test(e.from) && !EMULATOR.test(e.to))
      .filter((e) => layerOf(e.to) < layerOf(e.from))
      .map((e) => `${e.from} → ${e.to} (${LAYERS[layerOf(e.from)]![0]} → ${LAYERS[layerOf(e.to)]![0]})`);
    expect(upward).toEqual([]);
  });

  it('keeps the emulator apart: it imports nothing of blockops but the logger, and only tests and the CLI start it', () => {
    const fromEmulator = graph.filter((e) => EMULATOR.test(e.from) && !EMULATOR.test(e.to) && e.to !== 'log.ts');
    expect(fromEmulator.map((e) => `${e.from} → ${e.to}`)).toEqual([]);
    const intoEmulator = graph.filter((e) => !EMULATOR.test(e.from) && EMULATOR.test(e.to));
    expect(intoEmulator.every((e) => /^(app|cli)\//.test(e.from))).toBe(true);
  });

  it('catches what it claims to: a planted upward import and a planted cycle are found', () => {
    const planted = [
      { from: 'core/engine/gateway.ts', to: 'slack/door.ts', typeOnly: false },
      { from: 'slack/door.ts', to: 'core/engine/gateway.ts', typeOnly: false },
    ];
    expect(cycles(planted)).toHaveLength(1);
    expect(layerOf(planted[0]!.to)).toBeLessThan(layerOf(planted[0]!.from));
  });
});
