/** The one edition tree: metadata, front matter, the documents in order, editor's notes and the index. */
import { join, relative } from 'node:path'
import type { Root } from 'mdast'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { annotateDocument, checkNotes, readAnnotations } from './annotations.ts'
import { smartenTree } from './typography.ts'
import { buildDocument, withShapeOptions, type EditionDocument } from './document.ts'
import { collectIndex, indexDocument, readIndex, type DocumentIndex, type EditionIndex } from './index-terms.ts'
import { previousRecord } from './releases.ts'
import { makeEachTime, type Remember } from '../memory.ts'
import { checkEditorialMarkdown, fragmentLinks, type FragmentLink } from './safe-markdown.ts'
import { readSourceText, sourceExists } from './source-files.ts'
import { loadSources, type Sources } from './sources.ts'

export interface FrontPart {
  /** What the part is, and its file's name without .md: `introduction` or `note-on-the-text`. */
  role: FrontRole
  title: string
  tree: Root
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

/** Runs one phase of the build; `buildEdition` reports 'import' and 'apparatus'. */
export type Timed = <T>(stage: string, work: () => T) => T

const untimed: Timed = (_, work) => work()

/**
 * `timed` measures the phases for progress and report.json: 'import' (the sources read, and each document whole: its
 * witness imported, its editor's notes inserted, its index occurrences marked) and 'apparatus' (the index collected
 * from the documents' marks, the headnotes and front matter parsed).
 *
 * With a `remember` that keeps values between builds (`folio serve`), what is kept is each document as imported: a
 * document whole, made again only when one of its inputs changed (its files but the headnote, its own editor's notes,
 * index.yaml, or how many index marks the documents before it hold), and each file of front matter, by its text. The
 * rest is made every build, as it is cheap (CPU under load): annotations.yaml read and checked (1 ms), index.yaml
 * (5 ms), the index collected (3 ms), the headnotes parsed (3 ms).
 */
export function buildEdition(root: string, timed: Timed = untimed, remember: Remember = makeEachTime): Edition {
  const imported = timed('import', () => importAll(root, remember))
  return timed('apparatus', () => withEditorialText(root, imported, remember))
}

/** One document as the edition holds it, and what it adds to the edition's index and `#id` links. */
interface DocumentWhole {
  document: EditionDocument
  index: DocumentIndex
  fragments: FragmentLink[]
}

function importAll(root: string, remember: Remember) {
  const sources = loadSources(root)
  const previous = previousRecord(sources.releases, sources.edition.version)
  const retired = new Set(previous?.retired ?? [])
  for (const source of sources.documents) withShapeOptions(source)
  const slugs = new Set(sources.documents.map((d) => d.slug))
  const notes = readAnnotations(relative(process.cwd(), join(root, 'annotations.yaml')))
  checkNotes(notes, slugs)
  const indexFile = editorialFile(root, 'index.yaml')
  const terms = readIndex(indexFile.path)
  // Mark ids run on across the documents, so a document's marks depend on how many the ones before it have.
  let marks = 0
  const wholes = sources.documents.map((source): DocumentWhole => {
    const history = { previous: previous?.blocks[source.slug] ?? [], retired }
    const own = { path: notes.path, notes: notes.notes.filter((n) => n.document === source.slug) }
    // Everything the document whole is made from; its headnote is parsed apart (an edited headnote leaves it).
    const inputs = [{ ...source, headnote: undefined }, history.previous, retired, own, slugs, indexFile.path, indexFile.text, marks]
    const whole = remember('document', inputs, (): DocumentWhole => {
      const document = buildDocument(source, history)
      const fragments = annotateDocument(own, document, slugs)
      return { document, index: indexDocument(terms, document, marks), fragments }
    })
    marks += whole.index.marks
    // The sources as this build read them (a kept document holds the headnote it was made with).
    return { ...whole, document: { ...whole.document, source } }
  })
  return { sources, terms, wholes, slugs }
}

/** index.yaml, which an edition may leave out: its path as diagnostics show it, and its text or ''. */
function editorialFile(root: string, name: string) {
  const path = relative(process.cwd(), join(root, name))
  return { path, text: sourceExists(path) ? readSourceText(path, { root, shown: path }) : '' }
}

function withEditorialText(root: string, { sources, terms, wholes, slugs }: ReturnType<typeof importAll>, remember: Remember): Edition {
  const documents = wholes.map((w) => w.document)
  const index = collectIndex(terms, wholes.map((w) => w.index))
  // Headnotes and front matter: CommonMark and GFM, with the witnesses' typography.
  const editorial = unified().use(remarkParse).use(remarkGfm).freeze()
  const markdown = (text: string) => smartenTree(editorial.parse(text) as Root)
  const fragments = wholes.flatMap((w) => w.fragments)
  for (const doc of documents)
    if (doc.source.headnote !== undefined) {
      doc.headnote = markdown(doc.source.headnote)
      const path = relative(process.cwd(), join(doc.source.dir, 'headnote.md'))
      checkEditorialMarkdown(doc.headnote, path, (node) => node.position?.start, slugs, 'headnote')
      fragments.push(...fragmentLinks(doc.headnote, path, (node) => node.position?.start, 'headnote'))
    }
  const front = frontMatter(root, slugs, markdown, remember)
  for (const part of front) fragments.push(...fragmentLinks(part.tree, part.path, (node) => node.position?.start, part.role))
  return { sources, front, documents, index, fragments }
}

/**
 * The front matter's files, each imported as a document is: kept between builds by its text (GFM's parser takes some
 * 10 ms over this edition's front matter, half a headnote rebuild's time).
 */
function frontMatter(root: string, documents: Set<string>, markdown: (text: string) => Root, remember: Remember): FrontPart[] {
  return frontOrder
    .filter((role) => sourceExists(join(root, 'front', `${role}.md`)))
    .map((role) => {
      const path = join(root, 'front', `${role}.md`)
      const text = readSourceText(path, { root, shown: relative(process.cwd(), path) })
      const tree = remember('front matter', [text], () => markdown(text))
      checkEditorialMarkdown(tree, relative(process.cwd(), path), (node) => node.position?.start, documents, role)
      const first = tree.children[0]
      const title = first?.type === 'heading' ? first.children.map((c) => ('value' in c ? c.value : '')).join('') : role
      return { role, title, tree, path: relative(process.cwd(), path) }
    })
}
