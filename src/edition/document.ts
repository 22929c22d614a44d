/** One document from witness to normalised tree: read its shape, run the editorial plugins, account for every change. */
import type { Root } from 'mdast'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { z } from 'zod'
import { readers } from '../import/index.ts'
import blockIds from './block-ids.ts'
import { ChangeLog, lineStartsOf, type Change } from './changes.ts'
import { asBuildError, BuildError } from './diagnostics.ts'
import emendations from './emendations.ts'
import { accountFor } from './fidelity.ts'
import homoglyphs from './homoglyphs.ts'
import lineage, { type LineageOptions } from './lineage.ts'
import lostLinks from './lost-links.ts'
import { documentSchema, readYaml, type DocumentMeta, type SourceDocument } from './sources.ts'
import typography from './typography.ts'
import unicode from './unicode.ts'
import whitespace from './whitespace.ts'

export interface EditionDocument {
  source: SourceDocument
  meta: DocumentMeta
  tree: Root
  changes: Change[]
  /** The witness as a vfile: position lookups and diagnostics. */
  file: VFile
  log: ChangeLog
  /** The editor's headnote (sources/documents/<folder>/headnote.md), parsed. */
  headnote?: Root
}

/** The previous release's blocks of this document, when there is one: ids and numbers to keep. */
export type Lineage = LineageOptions

export function buildDocument(source: SourceDocument, history: Lineage = { previous: [], retired: new Set() }): EditionDocument {
  const shapes = Object.keys(readers) as [string, ...string[]]
  const shaped = readYaml(source.metaPath, documentSchema.extend({ shape: z.enum(shapes) }), process.cwd())
  const reader = readers[shaped.shape]!
  const meta = readYaml(source.metaPath, documentSchema.extend({ options: reader.options.prefault({}) }), process.cwd())
  const file = new VFile({ path: source.witnessPath, value: source.witness })
  const log = new ChangeLog(lineStartsOf(source.witness))
  file.data.log = log
  try {
    const tree = reader.read({ witness: source.witness, options: meta.options, log, file, title: meta.title })
    unified()
      .use(unicode)
      .use(homoglyphs)
      .use(emendations, { emendations: meta.emendations, metaPath: source.metaPath })
      .use(whitespace)
      .use(typography)
      .use(lostLinks, { lostLinks: meta.lostLinks, metaPath: source.metaPath })
      .use(blockIds, { document: source.number, slug: source.slug })
      .use(lineage, history)
      .runSync(tree, file)
    const problems = accountFor(tree, source.witness, log)
    for (const p of problems) file.message(`${p.problem}: “${p.text}”`, { line: p.line, column: p.column }, 'folio:F-FIDELITY-001').fatal = true
    if (problems.length > 0) throw new BuildError([file])
    return { source, meta, tree, changes: log.changes, file, log }
  } catch (error) {
    throw asBuildError(error, file)
  }
}
