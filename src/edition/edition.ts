/** The one edition tree: metadata, front matter, the documents in order, editor's notes and the index. */
import { existsSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { Root } from 'mdast'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { annotate, readAnnotations } from './annotations.ts'
import { buildDocument, type EditionDocument, type Lineage } from './document.ts'
import { buildIndex, readIndex, type EditionIndex } from './index-terms.ts'
import { previousRecord } from '../release/records.ts'
import { makeEachTime, type Remember } from '../memory.ts'
import { checkEditorialMarkdown } from './safe-markdown.ts'
import { loadSources, type SourceDocument, type Sources } from './sources.ts'

export interface FrontPart {
  /** File name without .md, e.g. `introduction`. */
  slug: string
  title: string
  tree: Root
}

export interface Edition {
  sources: Sources
  front: FrontPart[]
  documents: EditionDocument[]
  index: EditionIndex
}

/** The order of the front matter; other files in sources/front/ follow alphabetically. */
const frontOrder = ['introduction', 'note-on-the-text']

/** Runs one phase of the build; `buildEdition` reports 'import' (and normalisation) and 'apparatus'. */
export type Timed = <T>(stage: string, work: () => T) => T

const untimed: Timed = (_, work) => work()

/**
 * `timed` measures the phases for progress and report.json. With a `remember` that keeps values between builds
 * (`folio serve`), only the documents whose inputs changed are imported again and only the YAML and Markdown
 * files that changed are parsed again. The apparatus writes into the document trees, so it gets copies of them.
 */
export function buildEdition(root: string, timed: Timed = untimed, remember: Remember = makeEachTime): Edition {
  const { sources, documents } = timed('import', () =>
    importAll(root, (source, history) => {
      // A tree made afresh is the apparatus's own; a remembered one is shared with the next build.
      if (remember === makeEachTime) return buildDocument(source, history)
      const document = remember(`document\0${documentInputs(source, history)}`, () => buildDocument(source, history))
      return { ...document, source, tree: structuredClone(document.tree) }
    })
  )
  return timed('apparatus', () => withApparatus(root, sources, documents, remember))
}

/** Everything buildDocument reads: the document's sources (bar the headnote, which it only carries) and its lineage. */
function documentInputs(source: SourceDocument, history: Lineage): string {
  return JSON.stringify([{ ...source, headnote: undefined }, history.previous, [...history.retired]])
}

function importAll(root: string, importDocument: (source: SourceDocument, history: Lineage) => EditionDocument) {
  const sources = loadSources(root)
  const previous = previousRecord(root, sources.edition.version)
  const retired = new Set(previous?.retired ?? [])
  const documents = sources.documents.map((source) => importDocument(source, { previous: previous?.blocks[source.slug] ?? [], retired }))
  return { sources, documents }
}

function withApparatus(root: string, sources: Sources, documents: EditionDocument[], remember: Remember): Edition {
  const shown = (name: string) => relative(process.cwd(), join(root, name))
  const read = <T>(path: string, parse: (path: string) => T) => remember(`${path}\0${existsSync(path) ? readFileSync(path, 'utf8') : ''}`, () => parse(path))
  // Headnotes and front matter: CommonMark and GFM.
  const editorial = unified().use(remarkParse).use(remarkGfm).freeze()
  const markdown = (text: string) => remember(`markdown\0${text}`, () => editorial.parse(text) as Root)
  annotate(read(shown('annotations.yaml'), readAnnotations), documents)
  const index = buildIndex(read(shown('index.yaml'), readIndex), documents)
  const slugs = new Set(sources.documents.map((d) => d.slug))
  for (const doc of documents)
    if (doc.source.headnote !== undefined) {
      doc.headnote = markdown(doc.source.headnote)
      checkEditorialMarkdown(doc.headnote, relative(process.cwd(), join(doc.source.dir, 'headnote.md')), (node) => node.position?.start, slugs, 'headnote')
    }
  return { sources, front: frontMatter(root, slugs, markdown), documents, index }
}

function frontMatter(root: string, documents: Set<string>, markdown: (text: string) => Root): FrontPart[] {
  return frontOrder
    .filter((slug) => existsSync(join(root, 'front', `${slug}.md`)))
    .map((slug) => {
      const path = join(root, 'front', `${slug}.md`)
      const tree = markdown(readFileSync(path, 'utf8'))
      checkEditorialMarkdown(tree, relative(process.cwd(), path), (node) => node.position?.start, documents, slug)
      const first = tree.children[0]
      const title = first?.type === 'heading' ? first.children.map((c) => ('value' in c ? c.value : '')).join('') : slug
      return { slug, title, tree }
    })
}
