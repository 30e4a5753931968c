import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { OpsError } from '../errors/ops-error.js';

/**
 * A checkpoint of the audit chain kept outside the database: the chain had reached `seq`, whose link (MAC) was
 * `mac`, at time `at`. A database writer can rewrite or cut the log, not the anchors already written elsewhere.
 */
export interface Anchor {
  seq: number;
  mac: string;
  at: string;
}

/** Appends one anchor as a JSON line and fsyncs it; the file (and its folder) is created, owner-only (0600). */
export async function appendAnchor(path: string, anchor: Anchor): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const file = await open(path, 'a', 0o600);
  try {
    await file.write(`${JSON.stringify({ seq: anchor.seq, mac: anchor.mac, at: anchor.at })}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
}

/** Every anchor in the file, in file order; undefined when the file does not exist (yet). */
export async function readAnchors(path: string): Promise<Anchor[] | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new OpsError(
      'AUDIT.ANCHORS_INVALID',
      `Cannot read the audit anchors file ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'}). Check its permissions.`,
      { cause: e },
    );
  }
  const anchors: Anchor[] = [];
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const anchor = parseAnchor(line);
    if (!anchor) {
      // A line cut short by a crash mid-write can only be the last one.
      if (i === lines.length - 1) continue;
      throw new OpsError(
        'AUDIT.ANCHORS_INVALID',
        `Line ${i + 1} of the audit anchors file ${path} is not an anchor ({"seq":…,"mac":…,"at":…}): ` +
          'the file was edited. Restore it from a copy, or move it aside to verify without anchors.',
      );
    }
    anchors.push(anchor);
  }
  return anchors;
}

function parseAnchor(line: string): Anchor | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const a = value as Partial<Anchor> | null;
  const ok =
    typeof a === 'object' &&
    a !== null &&
    Number.isSafeInteger(a.seq) &&
    typeof a.mac === 'string' &&
    typeof a.at === 'string';
  return ok ? { seq: a.seq as number, mac: a.mac as string, at: a.at as string } : undefined;
}
