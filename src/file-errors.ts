/**
 * Problems with folders and files rather than with the sources: a refused --out or --archive, or a file-system
 * fault (full disk, no permission). The CLI prints them as `path: what happened (code) — what to do` and exits 1.
 */
import { relative } from 'node:path'

export class FileError extends Error {
  constructor(
    readonly path: string,
    readonly what: string,
    readonly todo: string,
    readonly code?: string,
  ) {
    super(`${path}: ${what}${code ? ` (${code})` : ''} — ${todo}`)
  }
}

/** What a file-system error code means here, and what the user can do about it. */
const faults: Record<string, [what: string, todo: string]> = {
  ENOSPC: ['no space left on the device', 'free some space, or build with --out on another disk'],
  EDQUOT: ['the disk quota is exhausted', 'free some space, or build with --out on another disk'],
  EACCES: ['permission denied', 'check the owner and permissions of this path, or choose another --out'],
  EPERM: ['operation not permitted', 'check the owner and permissions of this path, or choose another --out'],
  EROFS: ['the file system is read-only', 'choose an --out on a writable disk'],
  EISDIR: ['a folder where a file was expected', 'remove or rename that folder'],
  ENOTDIR: ['a part of this path is a file, not a folder', 'remove or rename that file'],
  EBUSY: ['busy (a mount point, or in use by another program)', 'choose an --out that is not a mount point, or close the program using it'],
  ENOENT: ['no such file or folder', 'check the path'],
  EEXIST: ['already exists', 'remove it or choose another path'],
  ENOTEMPTY: ['the folder is not empty', 'remove it or choose another path'],
  EMFILE: ['too many open files', 'raise the limit (`ulimit -n`) and run again'],
  ENAMETOOLONG: ['the path is too long', 'choose a shorter path'],
  ELOOP: ['too many symbolic links', 'remove the link loop'],
  EXDEV: ['on another disk than its destination', 'keep the folder and its parent on one disk'],
  EIO: ['input/output error', 'check the disk'],
}

/** A Node file-system error as a FileError; anything else unchanged. */
export function asFileError(error: unknown): unknown {
  if (error instanceof FileError) return error
  const e = error as NodeJS.ErrnoException
  if (!(error instanceof Error) || typeof e.code !== 'string' || !(e.code in faults)) return error
  const [what, todo] = faults[e.code]!
  const path = e.path ? shown(e.path) : e.syscall ?? 'file system'
  return new FileError(path, what, todo, e.code)
}

/** A path as the user would type it: relative below the working folder, absolute elsewhere. */
export function shown(path: string): string {
  const rel = relative(process.cwd(), path)
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel
}
