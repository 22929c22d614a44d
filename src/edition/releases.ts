/**
 * Release records: what each released version contained, committed with the sources under
 * sources/releases/<version>.json and read with them (the ids a new version must keep come from here).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { compare } from 'semver'

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

export function readRecords(sources: string): ReleaseRecord[] {
  const dir = recordsFolder(sources)
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter(isRecordFile)
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as ReleaseRecord)
    .sort((a, b) => compare(a.version, b.version))
}

/** The latest release before `version`: the ids that `version` must keep. */
export function previousRecord(records: ReleaseRecord[], version: string): ReleaseRecord | undefined {
  return records
    .filter((r) => compare(r.version, version) < 0)
    .at(-1)
}
