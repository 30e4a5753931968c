import { httpError } from './respond.js';
import type { Ctx } from './router.js';

export interface MicroversionSpec {
  /** `volume` or `compute`, as in `OpenStack-API-Version: compute 2.79`. */
  serviceType: string;
  min: [number, number];
  max: [number, number];
  /** Nova also reads and sends `X-OpenStack-Nova-API-Version`. */
  legacyHeader?: string;
}

function fmt(v: [number, number]): string {
  return `${v[0]}.${v[1]}`;
}

function cmp(a: [number, number], b: [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

/** Reads the requested microversion (default: the minimum), echoes it, and refuses one out of range with 406. */
export function negotiate(ctx: Ctx, spec: MicroversionSpec): void {
  let requested: string | undefined;
  const header = ctx.req.headers['openstack-api-version'];
  if (typeof header === 'string') {
    for (const part of header.split(',')) {
      const [type, value] = part.trim().split(/\s+/);
      if (type?.toLowerCase() === spec.serviceType && value) requested = value;
    }
  }
  if (requested === undefined && spec.legacyHeader) {
    const legacy = ctx.req.headers[spec.legacyHeader.toLowerCase()];
    if (typeof legacy === 'string') requested = legacy.trim();
  }
  let version = spec.min;
  if (requested !== undefined) {
    if (requested.toLowerCase() === 'latest') version = spec.max;
    else {
      const m = /^(\d+)\.(\d+)$/.exec(requested);
      if (!m) {
        throw httpError(
          400,
          `API Version String ${requested} is of invalid format. Must be of format MajorNum.MinorNum.`,
        );
      }
      version = [Number(m[1]), Number(m[2])];
      if (cmp(version, spec.min) < 0 || cmp(version, spec.max) > 0) {
        throw httpError(
          406,
          `Version ${requested} is not supported by the API. Minimum is ${fmt(spec.min)} and maximum is ${fmt(spec.max)}.`,
        );
      }
    }
  }
  ctx.version = version;
  ctx.headers['OpenStack-API-Version'] = `${spec.serviceType} ${fmt(version)}`;
  if (spec.legacyHeader) ctx.headers[spec.legacyHeader] = fmt(version);
  ctx.headers['Vary'] = spec.legacyHeader ? `OpenStack-API-Version, ${spec.legacyHeader}` : 'OpenStack-API-Version';
}

/** True when the negotiated microversion is at least `major.minor`. */
export function atLeast(ctx: Ctx, major: number, minor: number): boolean {
  return cmp(ctx.version, [major, minor]) >= 0;
}
