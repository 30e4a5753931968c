import { z } from 'zod';

// Version documents. Three shapes exist: Keystone's root {"versions": {"values": [...]}}, the other services' root
// {"versions": [...]}, and one version {"version": {...}} (what a 300 redirect or GET /v3 answers).

const VersionWire = z.looseObject({
  id: z.string(),
  status: z.string().optional(),
  version: z.string().optional(),
  min_version: z.string().optional(),
  links: z.array(z.looseObject({ href: z.string(), rel: z.string().optional() })).optional(),
});

export interface ApiVersion {
  id: string;
  status: string | undefined;
  /** Highest microversion ("" or undefined when the API has none). */
  maxMicroversion: string | undefined;
  minMicroversion: string | undefined;
  selfUrl: string | undefined;
}

const toVersion = (v: z.output<typeof VersionWire>): ApiVersion => ({
  id: v.id,
  status: v.status,
  maxMicroversion: v.version || undefined,
  minMicroversion: v.min_version || undefined,
  selfUrl: v.links?.find((l) => l.rel === 'self')?.href,
});

export const VersionsDocSchema = z
  .union([
    z.looseObject({ versions: z.array(VersionWire) }).transform((d) => d.versions),
    z.looseObject({ versions: z.looseObject({ values: z.array(VersionWire) }) }).transform((d) => d.versions.values),
    z.looseObject({ version: VersionWire }).transform((d) => [d.version]),
  ])
  .transform((list) => list.map(toVersion));

/** "3.60" → [3, 60]; anything else → undefined. */
export function parseMicroversion(v: string | undefined): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)$/.exec(v ?? '');
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

export function compareMicroversions(a: string, b: string): number {
  const x = parseMicroversion(a);
  const y = parseMicroversion(b);
  if (!x || !y) throw new Error(`not a microversion: ${x ? b : a}`);
  return x[0] - y[0] || x[1] - y[1];
}

export function microversionAtLeast(have: string | undefined, need: string): boolean {
  return have !== undefined && compareMicroversions(have, need) >= 0;
}
