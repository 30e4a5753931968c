import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

/** A value as a layer supplies it: env vars and flags give strings, YAML gives its own types. */
export type Raw = string | number | boolean | string[];

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

export const text = z.coerce.string().trim().min(1, { error: 'is empty' });

/** Secrets are used exactly as given (files lose their trailing newline, command output is trimmed, in secrets.ts). */
export const secretText = z.string().min(1, { error: 'is empty' });

export const bool = z.unknown().transform((v, ctx) => {
  if (typeof v === 'boolean') return v;
  const s = String(v).trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  ctx.addIssue({ code: 'custom', message: 'is not a boolean (use true or false)', input: v });
  return z.NEVER;
});

const PORT_ERROR = { error: 'is not a port number (1-65535)' };
export const port = z.coerce.number(PORT_ERROR).int(PORT_ERROR).min(1, PORT_ERROR).max(65535, PORT_ERROR);

/** A port to listen on: 0 asks the system for any free port. */
const LISTEN_PORT_ERROR = { error: 'is not a port number (0-65535; 0 = any free port)' };
export const listenPort = z.coerce
  .number(LISTEN_PORT_ERROR)
  .int(LISTEN_PORT_ERROR)
  .min(0, LISTEN_PORT_ERROR)
  .max(65535, LISTEN_PORT_ERROR);

const NON_NEGATIVE_ERROR = { error: 'is not a number of 0 or more' };
export const nonNegativeNumber = z.coerce.number(NON_NEGATIVE_ERROR).min(0, NON_NEGATIVE_ERROR);

const POSITIVE_ERROR = { error: 'is not a positive number' };
export const positiveNumber = z.coerce.number(POSITIVE_ERROR).positive(POSITIVE_ERROR);

const POSITIVE_INT_ERROR = { error: 'is not a whole number of 1 or more' };
export const positiveInt = z.coerce.number(POSITIVE_INT_ERROR).int(POSITIVE_INT_ERROR).min(1, POSITIVE_INT_ERROR);

export const host = text.regex(/^[A-Za-z0-9._:[\]%-]+$/, { error: 'is not a host name or IP address' });

export function isHttpUrl(s: string): boolean {
  if (!/^https?:\/\//i.test(s)) return false;
  try {
    return new URL(s).hostname !== '';
  } catch {
    return false;
  }
}

export const httpUrl = text.refine(isHttpUrl, { error: 'is not an http:// or https:// URL' });

const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

export function isHostPort(s: string): boolean {
  const m = HOST_PORT.exec(s);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 65535;
}

/** A Lightbits API endpoint: `host:port` or an http(s) URL. */
export const endpoint = text.refine((s) => isHostPort(s) || isHttpUrl(s), { error: 'is not host:port or a URL' });

export const absolutePath = text.refine((s) => isAbsolute(s), { error: 'is not an absolute path' });

/** A file path; relative paths are taken from `baseDir` (the cwd, or the directory of the file that set it). */
export function pathIn(baseDir: string) {
  return text.transform((s) => resolve(baseDir, s));
}

/** Splits a string on `separator` (dropping empty parts); YAML lists pass through. */
export function list<T extends z.ZodType>(separator: string, element: T) {
  return z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(separator)
            .map((s) => s.trim())
            .filter((s) => s !== '')
        : v,
    z.array(element),
  );
}

/** `public`, `internal`, `admin`; keystoneauth also accepts the v2 spellings `publicURL` etc. */
export const openstackInterface = text.transform((s, ctx) => {
  const v = s.replace(/URL$/, '').toLowerCase();
  if (v === 'public' || v === 'internal' || v === 'admin') return v;
  ctx.addIssue({ code: 'custom', message: 'is not an interface (public, internal or admin)', input: s });
  return z.NEVER;
});

/** Hides the password of a URL such as postgres://user:pass@host/db. */
export function redactUrl(s: string): string {
  return s.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

/** postgres:// or postgresql:// URL, sqlite:// URL, `:memory:` or a file path (made absolute). */
export function databaseUrl(baseDir: string) {
  return text.transform((s, ctx) => {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(s)?.[1]?.toLowerCase();
    if (scheme === undefined) return s === ':memory:' ? s : resolve(baseDir, s);
    if (scheme === 'sqlite') return s;
    if ((scheme === 'postgres' || scheme === 'postgresql') && URL.canParse(s)) return s;
    ctx.addIssue({
      code: 'custom',
      message: 'is not a postgres:// URL, a sqlite:// URL or a SQLite file path',
      input: redactUrl(s),
    });
    return z.NEVER;
  });
}
