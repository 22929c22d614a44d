/**
 * `folio release`: build the edition and add it to an append-only archive with a manifest; the manifest and
 * the ids of the version are also recorded in sources/releases/ (committed with the edition).
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Root } from 'mdast'
import { toString } from 'mdast-util-to-string'
import lockfile from 'proper-lockfile'
import { visit } from 'unist-util-visit'
import { build } from '../build.ts'
import { chromiumPath } from '../environment.ts'
import { FileError, shown } from '../file-errors.ts'
import { undoOnSignal } from '../interrupt.ts'
import { buildMarker, prepareArchive } from '../out-folder.ts'
import { projectPath } from '../paths.ts'
import { walkFiles } from '../walk-files.ts'
import type { Edition } from '../edition/edition.ts'
import { fail } from '../edition/diagnostics.ts'
import { writeCatalog } from './catalog.ts'
import { updateChangelog } from './changelog.ts'
import { previousRecord, readRecords, recordPath, type BlockRecord, type FileRecord, type ReleaseRecord } from '../edition/releases.ts'

export interface ReleaseOptions {
  sources: string
  archive: string
  formats: string[]
  /** The editor's words for the changelog entry. */
  notes?: string
  changelog: string
  say: (line: string) => void
}

export type ReleaseOutcome = 'released' | 'unchanged'

/**
 * The committed record (sources/releases/<version>.json) is the authority: a version that has one is never
 * released with other content, whatever the archive holds. A release runs alone in its archive (a lock); its folder
 * is written beside the versions and renamed into place whole; the record is written once and never rewritten.
 */
export async function release(options: ReleaseOptions): Promise<{ outcome: ReleaseOutcome; record: ReleaseRecord; dir: string }> {
  prepareArchive(options.archive, options.sources)
  const unlock = await lockArchive(options.archive)
  // Under the lock, a staging folder in the archive can only be one that a killed release left.
  const left = readdirSync(options.archive).filter((name) => name.startsWith('.staging-'))
  for (const name of left) rmSync(join(options.archive, name), { recursive: true, force: true })
  if (left.length > 0) options.say(`folio: an earlier release was interrupted: removed ${left.join(', ')} from the archive`)
  const work = mkdtempSync(join(tmpdir(), 'folio-release-'))
  let staging: string | undefined
  const undo = () => {
    rmSync(work, { recursive: true, force: true })
    if (staging) rmSync(staging, { recursive: true, force: true })
  }
  const forget = undoOnSignal(undo)
  try {
    // The archive keeps the sources it was built from, so that `folio verify` can rebuild it anywhere.
    cpSync(options.sources, join(work, 'sources'), { recursive: true })
    const { edition } = await build({ sources: join(work, 'sources'), out: join(work, 'out'), formats: options.formats })
    const version = edition.sources.edition.version
    const dir = join(options.archive, version)
    const record = recordOf(edition, join(work, 'out'), options.notes)
    const committedPath = recordPath(options.sources, version)
    const committed = readJson(committedPath)
    const archived = readJson(join(dir, 'manifest.json'))
    for (const [existing, path] of [[committed, committedPath], [archived, join(dir, 'manifest.json')]] as const)
      if (existing && !sameContent(existing, record))
        fail(shown(join(options.sources, 'edition.yaml')), undefined, `version ${version} is already released with different content (${shown(path)})`, 'F-RELEASE-001', 'releases are immutable: raise `version` in edition.yaml')
    if (committed && archived) {
      options.say(`version ${version} is already in the archive with identical content: nothing to do`)
      return { outcome: 'unchanged', record: committed, dir }
    }
    // What is already recorded stays as recorded (its date, its notes): the other place gets the same bytes.
    const kept = committed ?? archived ?? record
    if (!archived) {
      staging = join(options.archive, `.staging-${version}-${process.pid}`)
      rmSync(staging, { recursive: true, force: true })
      // Every archived output is in the manifest; report.json (it holds the build's timings) is not an output.
      for (const o of kept.outputs) cpSync(join(work, 'out', o.path), join(staging, o.path))
      cpSync(join(work, 'sources'), join(staging, 'sources'), { recursive: true })
      writeFileSync(join(staging, 'manifest.json'), JSON.stringify(kept, null, 2) + '\n')
      renameSync(staging, dir)
      staging = undefined
    }
    if (!committed && !writeOnce(committedPath, JSON.stringify(kept, null, 2) + '\n')) {
      // Another release (into another archive) recorded this version meanwhile.
      if (!sameContent(readJson(committedPath)!, record))
        fail(shown(join(options.sources, 'edition.yaml')), undefined, `version ${version} was just released with different content (${shown(committedPath)})`, 'F-RELEASE-001', 'releases are immutable: raise `version` in edition.yaml')
    }
    updateChangelog(options.changelog, readRecords(options.sources))
    writeCatalog(options.archive)
    const where = shown(dir)
    options.say(committed ? `version ${version} was missing from the archive; put back into ${where} from its sources, identical to its record` : `released ${version} into ${where}`)
    return { outcome: 'released', record: kept, dir }
  } catch (error) {
    undo()
    throw error
  } finally {
    forget()
    rmSync(work, { recursive: true, force: true })
    await unlock()
  }
}

/** One release at a time in an archive: a second one is refused at once, with a message saying why. */
async function lockArchive(archive: string): Promise<() => Promise<void>> {
  try {
    // A release refreshes its lock every 15 s; one left by a killed release is stale after 30 s.
    return await lockfile.lock(archive, { realpath: false, lockfilePath: join(archive, '.release-lock'), stale: 30_000, retries: 0, onCompromised: () => {} })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error
    throw new FileError(shown(archive), 'another `folio release` is adding a version to this archive (or one was killed less than 30 s ago)', 'wait for it to finish, then run `folio release` again')
  }
}

function readJson(path: string): ReleaseRecord | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as ReleaseRecord) : undefined
}

/** Write `path` whole and only if it does not exist: a hard link of a complete temporary file. False if it existed. */
function writeOnce(path: string, text: string): boolean {
  mkdirSync(join(path, '..'), { recursive: true })
  const temp = `${path}.tmp-${process.pid}`
  writeFileSync(temp, text)
  try {
    linkSync(temp, path)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  } finally {
    rmSync(temp, { force: true })
  }
}

/** Identical releases have identical outputs; the machine that built them may differ. */
function sameContent(a: ReleaseRecord, b: ReleaseRecord): boolean {
  const files = (r: ReleaseRecord) => JSON.stringify([r.sourceHash, r.outputs, r.witnesses])
  return files(a) === files(b)
}

export function recordOf(edition: Edition, out: string, notes?: string): ReleaseRecord {
  const e = edition.sources.edition
  const previous = previousRecord(edition.sources.releases, e.version)
  const blocks: Record<string, BlockRecord[]> = {}
  for (const d of edition.documents) blocks[d.source.slug] = blocksOf(d.tree)
  const ids = new Set(Object.values(blocks).flatMap((bs) => bs.map((b) => b.id)))
  const retired = [...new Set([...(previous?.retired ?? []), ...Object.values(previous?.blocks ?? {}).flatMap((bs) => bs.map((b) => b.id))])].filter((id) => !ids.has(id)).sort()
  return {
    slug: e.slug,
    title: e.title,
    version: e.version,
    date: e.date,
    sourceHash: edition.sources.hash,
    folio: JSON.parse(readFileSync(projectPath('package.json'), 'utf8')).version,
    node: process.version,
    chromium: chromiumVersion(),
    witnesses: edition.documents.map((d) => ({ path: `documents/${d.source.slug}/${d.meta.witness.file}`, bytes: d.source.bytes, sha256: d.source.sha256 })),
    outputs: filesUnder(out),
    blocks,
    retired,
    ...(notes ? { notes } : {}),
  }
}

function blocksOf(tree: Root): BlockRecord[] {
  const out: BlockRecord[] = []
  visit(tree, (node) => {
    if ((node.type === 'paragraph' || node.type === 'heading') && node.data?.id && !node.data.id.startsWith('ed-'))
      out.push({ id: node.data.id, number: node.type === 'paragraph' ? (node.data.number ?? '') : '', text: toString(node) })
  })
  return out
}

/** Every output under `root` with its size and hash; the marker and the timing-bearing report are not outputs. */
export function filesUnder(root: string): FileRecord[] {
  return walkFiles(root)
    .filter((path) => path !== buildMarker && path !== 'report.json')
    .map((path) => {
      const bytes = readFileSync(join(root, path))
      return { path, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }
    })
}

function chromiumVersion(): string {
  try {
    return execFileSync(chromiumPath() ?? 'chromium', ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return 'not available'
  }
}
