/** One document from witness to normalised tree: read its shape, run the editorial plugins, account for every change. */
import type { Root } from 'mdast'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { z } from 'zod'
import { readers } from '../import/index.ts'
import blockIds from './block-ids.ts'
import { ChangeLog, lineStartsOf, suppliedSign, type Change } from '../witness/changes.ts'
import { asBuildError, BuildError } from './diagnostics.ts'
import controls from './controls.ts'
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

/** The edition's sign for supplied words must be the editors' alone: a witness that contains it is refused. */
function refuseEditorialSign(witness: string, file: VFile, log: ChangeLog): void {
  const offset = Math.min(...[suppliedSign.open, suppliedSign.close].map((sign) => witness.indexOf(sign)).filter((i) => i !== -1))
  if (offset === Infinity) return
  const message = file.message(`the witness contains “${witness[offset]}”, the edition's sign for supplied words — it could not be told apart from them; ask for the sign to be changed in src/edition/changes.ts`, log.point(offset), 'folio:F-WITNESS-005')
  message.fatal = true
  throw new BuildError([file])
}

/** The previous release's blocks of this document, when there is one: ids and numbers to keep. */
export type Lineage = LineageOptions

/**
 * document.yaml was read when the sources were loaded; here its shape and options are checked against the
 * reader, before anything else (the cache key, the reader) touches them. Only a failing check reads the file
 * again, for the position of the error.
 */
export function withShapeOptions(source: SourceDocument): DocumentMeta {
  const reader = readers[source.meta.shape]
  const options = reader?.options.prefault({}).safeParse(source.meta.options)
  if (reader && options?.success) return { ...source.meta, options: options.data }
  const shapes = Object.keys(readers) as [string, ...string[]]
  const schema = documentSchema.extend({ shape: z.enum(shapes), options: reader ? reader.options.prefault({}) : z.unknown() })
  readYaml(source.metaPath, schema, process.cwd())
  throw new Error(`${source.metaPath}: shape options did not validate`)
}

export function buildDocument(source: SourceDocument, history: Lineage = { previous: [], retired: new Set() }): EditionDocument {
  const meta = withShapeOptions(source)
  const reader = readers[meta.shape]!
  const file = new VFile({ path: source.witnessPath, value: source.witness })
  const log = new ChangeLog(lineStartsOf(source.witness))
  file.data.log = log
  try {
    refuseEditorialSign(source.witness, file, log)
    const tree = reader.read({ witness: source.witness, options: meta.options, log, file, title: meta.title })
    unified()
      .use(controls)
      .use(unicode)
      .use(homoglyphs)
      .use(emendations, { emendations: meta.emendations, retained: meta.retained, metaPath: source.metaPath })
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
