/**
 * `folio release`: build the edition and add it to an append-only archive with a manifest; the manifest and
 * the ids of the version are also recorded in sources/releases/ (committed with the edition).
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import type { Root } from 'mdast'
import { toString } from 'mdast-util-to-string'
import { visit } from 'unist-util-visit'
import { build } from '../build.ts'
import { chromiumPath } from '../environment.ts'
import { projectPath } from '../paths.ts'
import { walkFiles } from '../walk-files.ts'
import type { Edition } from '../edition/edition.ts'
import { fail } from '../edition/diagnostics.ts'
import { writeCatalog } from './catalog.ts'
import { updateChangelog } from './changelog.ts'
import { previousRecord, readRecords, type BlockRecord, type FileRecord, type ReleaseRecord } from './records.ts'

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

export async function release(options: ReleaseOptions): Promise<{ outcome: ReleaseOutcome; record: ReleaseRecord; dir: string }> {
  const work = mkdtempSync(join(tmpdir(), 'folio-release-'))
  try {
    // The archive keeps the sources it was built from, so that `folio verify` can rebuild it anywhere.
    cpSync(options.sources, join(work, 'sources'), { recursive: true })
    const { edition } = await build({ sources: join(work, 'sources'), out: join(work, 'out'), formats: options.formats })
    const version = edition.sources.edition.version
    const dir = join(options.archive, version)
    const record = recordOf(edition, join(work, 'out'), options.notes)
    const manifest = join(dir, 'manifest.json')
    if (existsSync(manifest)) {
      const existing = JSON.parse(readFileSync(manifest, 'utf8')) as ReleaseRecord
      if (sameContent(existing, record)) {
        options.say(`version ${version} is already in the archive with identical content: nothing to do`)
        return { outcome: 'unchanged', record: existing, dir }
      }
      fail(relative(process.cwd(), join(options.sources, 'edition.yaml')), undefined, `version ${version} is already released with different content (${relative(process.cwd(), manifest)})`, 'F-RELEASE-001', 'releases are immutable: raise `version` in edition.yaml')
    }
    mkdirSync(dir, { recursive: true })
    cpSync(join(work, 'out'), dir, { recursive: true, filter: (src) => !src.includes(`${join(work, 'out', 'editions')}`) })
    cpSync(join(work, 'sources'), join(dir, 'sources'), { recursive: true })
    writeFileSync(manifest, JSON.stringify(record, null, 2) + '\n')
    mkdirSync(join(options.sources, 'releases'), { recursive: true })
    writeFileSync(join(options.sources, 'releases', `${version}.json`), JSON.stringify(record, null, 2) + '\n')
    updateChangelog(options.changelog, readRecords(options.sources))
    writeCatalog(options.archive)
    options.say(`released ${version} into ${relative(process.cwd(), dir) || dir}`)
    return { outcome: 'released', record, dir }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/** Identical releases have identical outputs; the machine that built them may differ. */
function sameContent(a: ReleaseRecord, b: ReleaseRecord): boolean {
  const files = (r: ReleaseRecord) => JSON.stringify([r.sourceHash, r.outputs, r.witnesses])
  return files(a) === files(b)
}

export function recordOf(edition: Edition, out: string, notes?: string): ReleaseRecord {
  const e = edition.sources.edition
  const previous = previousRecord(edition.sources.root, e.version)
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

/** Every output under `root` with its size and hash; the archive and the timing-bearing report are not outputs. */
export function filesUnder(root: string): FileRecord[] {
  return walkFiles(root)
    .filter((path) => !path.startsWith('editions/') && path !== 'report.json')
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
