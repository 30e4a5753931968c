import { constants, type Stats } from 'node:fs';
import { type FileHandle, open, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';
import { OpsError } from '../errors/ops-error.js';

export type SourceRule =
  | 'no_dirs'
  | 'relative'
  | 'dot_segments'
  | 'not_found'
  | 'outside'
  | 'not_regular'
  | 'empty'
  | 'hard_link'
  | 'changed'
  | 'url'
  | 'metadata_address';

/** A local image file that passed every rule, open for reading. */
export interface CheckedFile {
  /** The path as given. */
  path: string;
  /** Where it really is (symlinks resolved). */
  realPath: string;
  size: number;
  handle: FileHandle;
}

export function sourceRefused(
  rule: SourceRule,
  message: string,
  allowedDirs: string[] = [],
  cause?: unknown,
): OpsError {
  const list = allowedDirs.length ? ` Allowed directories: ${allowedDirs.join(', ')}.` : '';
  return new OpsError('UPLOAD.SOURCE_REFUSED', `${message}${list}`, {
    cause,
    details: { rule, allowed_dirs: allowedDirs },
  });
}

/**
 * Opens a host file for upload only if it is a regular file inside one of the allowed directories, even after
 * symlinks are resolved, and its only name (a hard link is refused). The check is made on the open descriptor
 * too (same device, inode and real path), so a file or directory swapped in between is refused.
 */
export async function openImageFile(path: string, allowedDirs: string[]): Promise<CheckedFile> {
  const refuse = (rule: SourceRule, message: string, cause?: unknown) =>
    sourceRefused(rule, message, allowedDirs, cause);
  if (!allowedDirs.length) {
    throw refuse(
      'no_dirs',
      'blockops reads image files only from directories named in BLOCKOPS_IMAGE_DIRS, and none is set. ' +
        'Set BLOCKOPS_IMAGE_DIRS to a colon-separated list of absolute directories (e.g. /srv/images), ' +
        'or give an http(s) URL instead.',
    );
  }
  if (!isAbsolute(path)) throw refuse('relative', `"${path}" is a relative path: give the absolute path of the file.`);
  if (path.split(/[\\/]/).includes('..')) {
    throw refuse('dot_segments', `"${path}" contains a ".." segment: give the direct absolute path of the file.`);
  }
  const realPath = await realpath(path).catch((err: NodeJS.ErrnoException) => {
    throw refuse('not_found', `Cannot read "${path}": ${err.code === 'ENOENT' ? 'no such file' : err.code}.`, err);
  });
  const realDirs = await Promise.all(allowedDirs.map((d) => realpath(d).catch(() => undefined)));
  if (!realDirs.some((dir) => dir !== undefined && isInside(dir, realPath))) {
    const via = realPath === path ? '' : ` (it resolves to ${realPath})`;
    throw refuse('outside', `"${path}"${via} is outside the directories blockops may read images from.`);
  }
  const before = await stat(realPath);
  if (!before.isFile()) throw refuse('not_regular', `"${path}" is ${kindOf(before)}, not a regular file.`);
  // O_NONBLOCK: a FIFO swapped in after the check must not hang the open; O_NOFOLLOW: nor may a symlink.
  const handle = await open(realPath, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(
    (err: NodeJS.ErrnoException) => {
      throw refuse('changed', `"${path}" changed while it was being checked (${err.code}); try again.`, err);
    },
  );
  const opened = await handle.stat();
  if (
    !opened.isFile() ||
    opened.dev !== before.dev ||
    opened.ino !== before.ino ||
    ((await openedPath(handle)) ?? realPath) !== realPath
  ) {
    await handle.close();
    throw refuse('changed', `"${path}" was replaced while it was being checked; try again.`);
  }
  if (opened.nlink > 1) {
    await handle.close();
    // A hard link has no "real" path to check: the same bytes may also be a file outside the directories.
    throw refuse(
      'hard_link',
      `"${path}" has ${opened.nlink} hard links: the same file also has another name, which may be outside the ` +
        'directories blockops may read images from, so blockops cannot tell it belongs there. Copy the file ' +
        '(cp, not ln) into the directory and upload the copy.',
    );
  }
  if (opened.size === 0) {
    await handle.close();
    throw refuse('empty', `"${path}" is empty: there is nothing to upload.`);
  }
  return { path, realPath, size: opened.size, handle };
}

/** Where the open descriptor really is (Linux's /proc), or undefined where the system cannot say. */
async function openedPath(handle: FileHandle): Promise<string | undefined> {
  try {
    return await realpath(`/proc/self/fd/${handle.fd}`);
  } catch {
    return undefined;
  }
}

function isInside(dir: string, file: string): boolean {
  const rel = relative(dir, file);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

function kindOf(s: Stats): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a named pipe';
  if (s.isSocket()) return 'a socket';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isCharacterDevice()) return 'a character device';
  return 'not a regular file';
}
