/**
 * Release records: what each released version contained, committed with the sources under
 * sources/releases/<version>.json and read with them (the ids a new version must keep come from here).
 */
import { existsSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { compare } from 'semver'
import { fail } from './diagnostics.ts'
import { decodeUtf8, readSourceBytes } from './source-files.ts'

export interface BlockRecord {
  id: string
  /** Citable number for paragraphs (2.14, 2.14a); empty for headings and notes. */
  number: string
  text: string
}

export interface FileRecord {
  path: string
  bytes: number
  sha256: string
}

export interface ReleaseRecord {
  slug: string
  title: string
  version: string
  date: string
  sourceHash: string
  folio: string
  node: string
  chromium: string
  witnesses: FileRecord[]
  outputs: FileRecord[]
  /** Per document folder, its blocks in order: the ids a later version must keep. */
  blocks: Record<string, BlockRecord[]>
  /** Ids of earlier versions that no longer exist: never given to another block. */
  retired: string[]
  /** The editor's words for the changelog. */
  notes?: string
}

/** Where the committed record of `version` is. */
export const recordPath = (sources: string, version: string) => join(recordsFolder(sources), `${version}.json`)

/** The folder of the records, and which of its files the build reads: the records, `<version>.json`, and nothing else. */
export const recordsFolder = (sources: string) => join(sources, 'releases')
export const isRecordFile = (name: string) => name.endsWith('.json')

/** A record holds every block's text of a version: it may be larger than the other editorial files, not unbounded. */
const maxRecordBytes = 64 * 1024 * 1024

/**
 * The committed records, oldest first. Each is a source file like any other (read through source-files.ts: inside
 * sources/, a regular file, bounded); one that is not JSON stops the build with its place, not a stack trace.
 */
export function readRecords(sources: string): ReleaseRecord[] {
  const dir = recordsFolder(sources)
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter(isRecordFile)
    .map((f) => {
      const path = join(dir, f)
      const shown = relative(process.cwd(), path)
      const text = decodeUtf8(readSourceBytes(path, { root: sources, shown, maxBytes: maxRecordBytes }), shown, { message: 'the release record is not valid UTF-8', code: 'F-SOURCE-011' })
      try {
        return JSON.parse(text) as ReleaseRecord
      } catch {
        return fail(shown, { line: 1, column: 1 }, 'the release record is not JSON', 'F-SOURCE-011', 'restore it from the archive (folio release wrote it), or remove it if no release made it')
      }
    })
    .sort((a, b) => compare(a.version, b.version))
}

/** The latest release before `version`: the ids that `version` must keep. */
export function previousRecord(records: ReleaseRecord[], version: string): ReleaseRecord | undefined {
  return records
    .filter((r) => compare(r.version, version) < 0)
    .at(-1)
}
