/**
 * The folders a build replaces (--out) and the archive it must never touch: marker files say which is which, a
 * build stages beside its --out and swaps the staging folder in under a lock, and the leftovers of a build that
 * was killed are restored or removed by the next one.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { basename, dirname, join, parse, sep } from 'node:path'
import lockfile from 'proper-lockfile'
import { FileError, shown } from './file-errors.ts'
import { undoOnSignal } from './interrupt.ts'
import { project } from './paths.ts'
import { walkFiles } from './walk-files.ts'

/** In every folder a build makes: a folder with it may be replaced whole by the next build. */
export const buildMarker = '.folio-build'
/** In every release archive: no build replaces, links or walks a folder holding it. */
export const archiveMarker = '.folio-archive'

const buildMarkerText = 'Made by `folio build`, which replaces this folder whole at each build: keep nothing else here.\n'
const archiveMarkerText = 'A release archive of `folio release`: never edit, move or delete its versions.\n'

/** `path` with its symbolic links resolved, as far as it exists. */
function real(path: string): string {
  const missing: string[] = []
  let at = path
  while (!existsSync(at) && dirname(at) !== at) {
    missing.unshift(basename(at))
    at = dirname(at)
  }
  return join(realpathSync.native(at), ...missing)
}

const within = (inner: string, outer: string) => inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : outer + sep)

/** The nearest folder from `path` upwards (itself included) that holds `marker`. */
function markedAbove(path: string, marker: string): string | undefined {
  for (let at = path; ; at = dirname(at)) {
    if (existsSync(join(at, marker))) return at
    if (dirname(at) === at) return undefined
  }
}

/** Refuse an --out that is not a build folder of Folio's own: each refusal says why and what to do instead. */
export function checkOut(out: string, sources: string): void {
  const at = real(out)
  const src = real(sources)
  const refuse = (what: string, todo = 'choose another --out, such as dist/') => {
    throw new FileError(shown(out), what, todo)
  }
  if (parse(at).root === at) refuse('refused as --out: it is the root of the file system')
  if (at === real(homedir())) refuse('refused as --out: it is your home folder')
  if (at === src) refuse('refused as --out: it is the sources folder')
  if (within(src, at)) refuse(`refused as --out: it holds the sources (${shown(sources)})`)
  if (within(at, src)) refuse(`refused as --out: it is inside the sources (${shown(sources)})`)
  if (within(real(project), at)) refuse('refused as --out: it holds Folio itself')
  const archive = markedAbove(at, archiveMarker)
  if (archive) refuse(`refused as --out: it is inside the release archive ${shown(archive)}`)
  const stat = lstatSync(at, { throwIfNoEntry: false })
  if (!stat) return
  if (stat.isSymbolicLink()) refuse('refused as --out: it is a symbolic link', 'give the folder it points to, or another --out')
  if (!stat.isDirectory()) refuse('refused as --out: it is a file, not a folder')
  if (existsSync(join(at, archiveMarker))) refuse('refused as --out: it is a release archive')
  if (readdirSync(at).length > 0 && !existsSync(join(at, buildMarker)))
    refuse(`refused as --out: the folder is not empty and was not made by \`folio build\` (no ${buildMarker} in it)`, 'choose another --out, or empty the folder yourself')
}

/** Refuse an archive inside a build folder or overlapping the sources; make the folder if needed and mark it. */
export function prepareArchive(archive: string, sources: string): void {
  const at = real(archive)
  const refuse = (what: string) => {
    throw new FileError(shown(archive), what, 'choose an --archive outside dist/ and sources/, such as editions/')
  }
  const build = markedAbove(at, buildMarker)
  if (build) refuse(`refused as --archive: it is inside ${shown(build)}, which \`folio build\` replaces whole`)
  if (within(at, real(sources)) || within(real(sources), at)) refuse(`refused as --archive: it overlaps the sources (${shown(sources)})`)
  const stat = lstatSync(at, { throwIfNoEntry: false })
  if (stat && !stat.isDirectory()) refuse('refused as --archive: it is not a folder')
  // An archive made before the marker existed is known by its catalog.
  if (stat && readdirSync(at).length > 0 && !existsSync(join(at, archiveMarker)) && !existsSync(join(at, 'catalog.json')))
    refuse('refused as --archive: the folder is not empty and is not a release archive')
  mkdirSync(at, { recursive: true })
  if (!existsSync(join(at, archiveMarker))) writeFileSync(join(at, archiveMarker), archiveMarkerText)
}

/** The files of a build folder (walkFiles); one holding an archive marker is refused: no build links or replaces an archive. */
export function filesOf(root: string): string[] {
  const files = walkFiles(root)
  const archive = files.find((f) => basename(f) === archiveMarker)
  if (archive) throw new FileError(shown(join(root, dirname(archive))), 'holds a release archive', 'move the archive out of the build folder, e.g. to editions/')
  return files
}

/** `dist.staging-123` or `dist.old-123` beside `dist`: what a build of `out` leaves while it runs. */
const leftover = (out: string, name: string) => (name.startsWith(`${basename(out)}.`) ? /^(staging|old)-(\d+)$/.exec(name.slice(basename(out).length + 1)) : null)

/** Whether a process of this id runs (one of another user's counts). */
export const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Restore or remove what a killed build left beside `out`: its old folder (put back if `out` is missing, the only
 * instant a kill can leave it so: between the two renames of the swap) and its staging folder. One line if any.
 */
export function recoverLeftovers(out: string, say: (line: string) => void): void {
  const parent = dirname(out)
  if (!existsSync(parent)) return
  const done: string[] = []
  const found = readdirSync(parent)
    .map((name) => ({ name, match: leftover(out, name) }))
    .filter(({ match }) => match && Number(match[2]) !== process.pid && !alive(Number(match[2])))
    .sort((a, b) => (a.match![1] === b.match![1] ? 0 : a.match![1] === 'old' ? -1 : 1))
  for (const { name, match } of found) {
    const path = join(parent, name)
    if (match![1] === 'old' && !existsSync(out)) {
      renameSync(path, out)
      done.push(`restored ${shown(out)} from ${name}`)
    } else {
      rmSync(path, { recursive: true, force: true })
      done.push(`removed ${name}`)
    }
  }
  if (done.length > 0) say(`folio: an earlier build was interrupted: ${done.join(', ')}`)
}

/** A new, marked staging folder beside `out`. */
export function stagingFor(out: string): string {
  const staging = `${out}.staging-${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(staging, { recursive: true })
  writeFileSync(join(staging, buildMarker), buildMarkerText)
  return staging
}

/**
 * Replace `out` by `staging`: two renames, under a lock so that two builds never interleave them. A kill between
 * the renames leaves the complete old folder as `<out>.old-PID`, which the next build puts back. A signal while the
 * lock is being released after them (Ctrl-C, SIGTERM: `folio serve` stopped as it rebuilds) removes the old folder, or
 * puts it back if the new one is not in place: Folio exits from the signal, and nothing else would remove it.
 */
export async function swap(staging: string, out: string): Promise<void> {
  const old = `${out}.old-${process.pid}`
  const forget = undoOnSignal(() => (existsSync(out) ? rmSync(old, { recursive: true, force: true }) : existsSync(old) && renameSync(old, out)))
  try {
    await renameUnderLock(staging, out, old)
  } finally {
    forget()
  }
  rmSync(old, { recursive: true, force: true })
}

/** `out` to `old`, `staging` to `out`, under `<out>.lock`. */
async function renameUnderLock(staging: string, out: string, old: string): Promise<void> {
  const unlock = await lockfile.lock(out, {
    realpath: false,
    lockfilePath: `${out}.lock`,
    // The lock is held for two renames; one left by a killed build is stale after 2 s.
    stale: 2000,
    retries: { retries: 40, minTimeout: 50, maxTimeout: 250 },
    onCompromised: () => {},
  })
  try {
    if (existsSync(out)) renameSync(out, old)
    renameSync(staging, out)
  } finally {
    await unlock()
  }
}

/**
 * A new folder of this process under the system's temporary folder, `folio-<kind>-<pid>-XXXXXX` (a Chromium
 * profile, the preview server's build); those of the same kind whose process is gone (killed) are removed first.
 */
export function processFolder(kind: string): string {
  const prefix = `folio-${kind}-`
  for (const name of readdirSync(tmpdir())) {
    const pid = name.startsWith(prefix) ? /^(\d+)-/.exec(name.slice(prefix.length))?.[1] : undefined
    if (pid && !alive(Number(pid))) rmSync(join(tmpdir(), name), { recursive: true, force: true })
  }
  return mkdtempSync(join(tmpdir(), `${prefix}${process.pid}-`))
}
