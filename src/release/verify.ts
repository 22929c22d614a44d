/**
 * `folio verify VERSION`: the archived files against their manifest, the manifest against the committed record
 * (sources/releases/<version>.json), and a rebuild from the archived sources against both, byte for byte.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from '../build.ts'
import { editionSchema, readYaml, type EditionMeta } from '../edition/sources.ts'
import { formatOf } from '../formats.ts'
import { shown } from '../file-errors.ts'
import { undoOnSignal } from '../interrupt.ts'
import { walkFiles } from '../walk-files.ts'
import { recordPath, type FileRecord, type ReleaseRecord } from '../edition/releases.ts'
import { filesUnder } from './release.ts'

export interface Mismatch {
  path: string
  problem: string
  /** F-VERIFY-001 the rebuild, -002 the archived files, -003 the committed record. */
  code: string
}

/** The formats a release was built with: those whose outputs (by the registry) it holds. */
export function formatsOf(record: ReleaseRecord, meta: EditionMeta): string[] {
  return [...new Set(record.outputs.flatMap((o) => formatOf(o.path, meta)?.name ?? []))]
}

/** A version is a name like 0.1.0 or 1.0.0-rc.1: never a path. */
export const isVersion = (v: string) => /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(v) && !v.includes('..')

export function archivedVersions(archive: string): string[] {
  return existsSync(archive) ? readdirSync(archive).filter((v) => isVersion(v) && existsSync(join(archive, v, 'manifest.json'))) : []
}

const short = (hash: string) => `${hash.slice(0, 12)}…`

/** Where `actual` differs from `expected`, file by file: missing, extra, size, sha256. */
function compareFiles(expected: FileRecord[], actual: FileRecord[], say: (path: string, problem: string) => void, names: { expected: string; actual: string }) {
  const found = new Map(actual.map((f) => [f.path, f]))
  for (const e of expected) {
    const a = found.get(e.path)
    found.delete(e.path)
    if (!a) say(e.path, `in ${names.expected} but missing from ${names.actual}`)
    else if (a.bytes !== e.bytes) say(e.path, `${a.bytes} bytes in ${names.actual}, ${e.bytes} in ${names.expected}`)
    else if (a.sha256 !== e.sha256) say(e.path, `sha256 ${short(a.sha256)} in ${names.actual} differs from ${short(e.sha256)} in ${names.expected}`)
  }
  for (const path of found.keys()) say(path, `in ${names.actual} but not in ${names.expected}`)
}

export async function verify(archive: string, version: string, sources: string): Promise<{ record: ReleaseRecord; mismatches: Mismatch[] } | undefined> {
  const dir = join(archive, version)
  if (!archivedVersions(archive).includes(version)) return undefined
  const record = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ReleaseRecord
  const mismatches: Mismatch[] = []
  const problem = (code: string) => (path: string, problem: string) => mismatches.push({ path, problem, code })

  // 1. The archived files, as they are on disk (symbolic links are not files of the archive).
  const archived = walkFiles(dir)
    .filter((p) => p !== 'manifest.json' && !p.startsWith('sources/'))
    .map((path) => {
      const bytes = readFileSync(join(dir, path))
      return { path, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }
    })
  compareFiles(record.outputs, archived, (path, p) => problem('F-VERIFY-002')(shown(join(dir, path)), p), { expected: 'the manifest', actual: 'the archive' })

  // 2. The manifest against the committed record.
  const committed = recordPath(sources, version)
  if (!existsSync(committed)) problem('F-VERIFY-003')(shown(committed), 'no committed record of this version: the manifest cannot be checked against it')
  else {
    const r = JSON.parse(readFileSync(committed, 'utf8')) as ReleaseRecord
    const say = problem('F-VERIFY-003')
    if (r.sourceHash !== record.sourceHash) say(shown(join(dir, 'manifest.json')), `source hash ${short(record.sourceHash)} differs from ${short(r.sourceHash)} in ${shown(committed)}`)
    compareFiles(r.witnesses, record.witnesses, (path, p) => say(`${shown(join(dir, 'manifest.json'))} witness ${path}`, p), { expected: 'the committed record', actual: 'the manifest' })
    compareFiles(r.outputs, record.outputs, (path, p) => say(`${shown(join(dir, 'manifest.json'))} output ${path}`, p), { expected: 'the committed record', actual: 'the manifest' })
  }

  // 3. A rebuild from the archived sources.
  const out = mkdtempSync(join(tmpdir(), 'folio-verify-'))
  const forget = undoOnSignal(() => rmSync(out, { recursive: true, force: true }))
  try {
    const { edition } = await build({ sources: join(dir, 'sources'), out: join(out, 'dist'), formats: formatsOf(record, readYaml(join(dir, 'sources', 'edition.yaml'), editionSchema)) })
    if (edition.sources.hash !== record.sourceHash)
      problem('F-VERIFY-001')(shown(join(dir, 'sources')), `the archived sources hash to ${short(edition.sources.hash)}, the manifest says ${short(record.sourceHash)}`)
    compareFiles(record.outputs, filesUnder(join(out, 'dist')), problem('F-VERIFY-001'), { expected: 'the manifest', actual: 'the rebuild' })
    return { record, mismatches }
  } finally {
    forget()
    rmSync(out, { recursive: true, force: true })
  }
}
