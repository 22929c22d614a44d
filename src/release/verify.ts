/** `folio verify VERSION`: rebuild a released version from the sources kept in its archive and compare every hash. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from '../build.ts'
import { editionSchema, readYaml, type EditionMeta } from '../edition/sources.ts'
import { formatOf } from '../formats.ts'
import type { ReleaseRecord } from './records.ts'
import { filesUnder } from './release.ts'

export interface Mismatch {
  path: string
  problem: string
}

/** The formats a release was built with: those whose outputs (by the registry) it holds. */
export function formatsOf(record: ReleaseRecord, meta: EditionMeta): string[] {
  return [...new Set(record.outputs.flatMap((o) => formatOf(o.path, meta)?.name ?? []))]
}

export async function verify(archive: string, version: string): Promise<{ record: ReleaseRecord; mismatches: Mismatch[] } | undefined> {
  const dir = join(archive, version)
  if (!existsSync(join(dir, 'manifest.json'))) return undefined
  const record = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ReleaseRecord
  const out = mkdtempSync(join(tmpdir(), 'folio-verify-'))
  try {
    await build({ sources: join(dir, 'sources'), out: join(out, 'dist'), formats: formatsOf(record, readYaml(join(dir, 'sources', 'edition.yaml'), editionSchema)) })
    const rebuilt = new Map(filesUnder(join(out, 'dist')).map((f) => [f.path, f]))
    const mismatches: Mismatch[] = []
    for (const o of record.outputs) {
      const r = rebuilt.get(o.path)
      if (!r) mismatches.push({ path: o.path, problem: 'not produced by the rebuild' })
      else if (r.sha256 !== o.sha256) mismatches.push({ path: o.path, problem: `sha256 ${r.sha256.slice(0, 12)}… differs from the manifest's ${o.sha256.slice(0, 12)}…` })
      rebuilt.delete(o.path)
    }
    for (const path of rebuilt.keys()) mismatches.push({ path, problem: 'produced by the rebuild but not in the manifest' })
    return { record, mismatches }
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}
