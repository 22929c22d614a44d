/** The fidelity check on dist/: report.json's change record is the one the sources give, and it rebuilds every witness. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildEdition } from '../edition/edition.ts'
import { rebuildWitness } from '../edition/fidelity.ts'
import type { CheckResult } from './run.ts'

export function fidelity(dist: string, sources: string): CheckResult {
  const report = JSON.parse(readFileSync(join(dist, 'report.json'), 'utf8')) as { edition: { sourceHash: string }; documents: Array<{ slug: string; changes: unknown[] }> }
  const edition = buildEdition(sources)
  const problems: string[] = []
  if (report.edition.sourceHash !== edition.sources.hash) problems.push('dist/ was built from other sources than sources/ (source hash differs): rebuild')
  for (const doc of edition.documents) {
    const recorded = report.documents.find((d) => d.slug === doc.source.slug)
    const rebuilt = rebuildWitness(doc.tree, doc.changes, doc.source.witness.length).join('')
    if (rebuilt !== doc.source.witness) problems.push(`${doc.source.slug}: the witness is not rebuilt exactly from the edition and its changes`)
    if (!recorded) problems.push(`${doc.source.slug}: missing from report.json`)
    else if (recorded.changes.length !== doc.changes.length) problems.push(`${doc.source.slug}: report.json lists ${recorded.changes.length} changes, the sources give ${doc.changes.length}`)
  }
  return { checker: 'fidelity', target: join(dist, 'report.json'), problems }
}
