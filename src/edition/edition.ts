/** The one edition tree: metadata, front matter, the documents in order, editor's notes and the index. */
import { join, relative } from 'node:path'
import type { Root } from 'mdast'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { annotateDocument, checkNotes, readAnnotations } from './annotations.ts'
import { smartenTree } from './typography.ts'
import { buildDocument, documentInputs, withShapeOptions, type EditionDocument, type Lineage } from './document.ts'
import { collectIndex, indexDocument, readIndex, type EditionIndex } from './index-terms.ts'
import { previousRecord } from './releases.ts'
import { keyOf, makeEachTime, type Remember } from '../memory.ts'
import { checkEditorialMarkdown, fragmentLinks, type FragmentLink } from './safe-markdown.ts'
import { readSourceText, sourceExists } from './source-files.ts'
import { loadSources, positionOf, type SourceDocument, type Sources } from './sources.ts'

export interface FrontPart {
  /** What the part is, and its file's name without .md: `introduction` or `note-on-the-text`. */
  role: FrontRole
  title: string
  tree: Root
  /** The key (`keyOf`) of the file: what is made from the part is remembered by it. */
  inputs: string
  /** The file, as diagnostics name it. */
  path: string
}

export interface Edition {
  sources: Sources
  front: FrontPart[]
  documents: EditionDocument[]
  index: EditionIndex
  /** The `#id` links of the editorial text (headnotes, front matter, editor's notes), which the model checks. */
  fragments: FragmentLink[]
}

/** The order of the front matter; other files in sources/front/ follow alphabetically. */
/** The front matter an edition may have, in its order. */
const frontOrder = ['introduction', 'note-on-the-text'] as const
export type FrontRole = (typeof frontOrder)[number]

/** Runs one phase of the build; `buildEdition` reports 'import' (and normalisation) and 'apparatus'. */
export type Timed = <T>(stage: string, work: () => T) => T

const untimed: Timed = (_, work) => work()

/**
 * `timed` measures the phases for progress and report.json. With a `remember` that keeps values between builds
 * (`folio serve`), only the source files that changed are read again (documents, annotations.yaml, index.yaml,
 * headnotes and front matter), and only the documents whose inputs, editor's notes or index terms changed get
 * their apparatus again.
 */
export function buildEdition(root: string, timed: Timed = untimed, remember: Remember = makeEachTime): Edition {
  const { sources, documents } = timed('import', () =>
    importAll(root, (source, history) => {
      const document = remember('document', [documentInputs(source, history)], () => buildDocument(source, history))
      return { ...document, source }
    })
  )
  return timed('apparatus', () => withApparatus(root, sources, documents, remember))
}

function importAll(root: string, importDocument: (source: SourceDocument, history: Lineage) => EditionDocument) {
  const sources = loadSources(root)
  const previous = previousRecord(sources.releases, sources.edition.version)
  const retired = new Set(previous?.retired ?? [])
  for (const source of sources.documents) withShapeOptions(source)
  const documents = sources.documents.map((source) => importDocument(source, { previous: previous?.blocks[source.slug] ?? [], retired }))
  return { sources, documents }
}

function withApparatus(root: string, sources: Sources, imported: EditionDocument[], remember: Remember): Edition {
  const file = (name: string) => {
    const path = relative(process.cwd(), join(root, name))
    return { path, text: sourceExists(path) ? readSourceText(path, { root, shown: path }) : '' }
  }
  const annotations = file('annotations.yaml')
  const notes = remember('annotations', [annotations.path, annotations.text], () => readAnnotations(annotations.path))
  const indexFile = file('index.yaml')
  const terms = remember('index-terms', [indexFile.path, indexFile.text], () => readIndex(indexFile.path))
  const slugs = new Set(sources.documents.map((d) => d.slug))
  checkNotes(notes, slugs)
  // Each document's editor's notes and index marks. Mark ids run on across the documents, so a document's
  // apparatus depends on how many marks the ones before it have.
  let marks = 0
  const withNotes = imported.map((doc) => {
    const ownNotes = notes.notes.filter((n) => n.document === doc.source.slug).map(({ tree: _, ...note }) => note)
    const inputs = keyOf(doc.inputs, ownNotes, slugs, indexFile.text, marks)
    const apparatus = remember('apparatus', [inputs], () => {
      // The apparatus writes into the document's tree: a tree the memory keeps for the next build is copied first.
      const annotated = { ...doc, tree: remember.keeps ? structuredClone(doc.tree) : doc.tree }
      annotateDocument(notes, annotated, slugs)
      return { tree: annotated.tree, index: indexDocument(terms, annotated, marks) }
    })
    marks += apparatus.index.marks
    return { document: { ...doc, inputs, tree: apparatus.tree }, index: apparatus.index }
  })
  const documents = withNotes.map((d) => d.document)
  const indexInputs = keyOf(indexFile.text, documents.map((d) => d.inputs))
  const index = remember('index', [indexInputs], () => collectIndex(terms, withNotes.map((d) => d.index), indexInputs))
  // Headnotes and front matter: CommonMark and GFM, with the witnesses' typography.
  const editorial = unified().use(remarkParse).use(remarkGfm).freeze()
  const markdown = (text: string) => remember('markdown', [text], () => smartenTree(editorial.parse(text) as Root))
  const fragments = notes.notes.flatMap((note, i) => fragmentLinks(note.tree, notes.path, () => positionOf(notes.path, ['notes', i, 'body']), `note “${note.id}”`))
  for (const doc of documents)
    if (doc.source.headnote !== undefined) {
      doc.headnote = markdown(doc.source.headnote)
      const path = relative(process.cwd(), join(doc.source.dir, 'headnote.md'))
      checkEditorialMarkdown(doc.headnote, path, (node) => node.position?.start, slugs, 'headnote')
      fragments.push(...fragmentLinks(doc.headnote, path, (node) => node.position?.start, 'headnote'))
    }
  const front = frontMatter(root, slugs, markdown)
  for (const part of front) fragments.push(...fragmentLinks(part.tree, part.path, (node) => node.position?.start, part.role))
  return { sources, front, documents, index, fragments }
}

function frontMatter(root: string, documents: Set<string>, markdown: (text: string) => Root): FrontPart[] {
  return frontOrder
    .filter((role) => sourceExists(join(root, 'front', `${role}.md`)))
    .map((role) => {
      const path = join(root, 'front', `${role}.md`)
      const text = readSourceText(path, { root, shown: relative(process.cwd(), path) })
      const tree = markdown(text)
      checkEditorialMarkdown(tree, relative(process.cwd(), path), (node) => node.position?.start, documents, role)
      const first = tree.children[0]
      const title = first?.type === 'heading' ? first.children.map((c) => ('value' in c ? c.value : '')).join('') : role
      return { role, title, tree, inputs: keyOf(text), path: relative(process.cwd(), path) }
    })
}
