/** The one edition tree: metadata, front matter, the documents in order, editor's notes and the index. */
import { existsSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { Root } from 'mdast'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { annotate } from './annotations.ts'
import { buildDocument, type EditionDocument } from './document.ts'
import { buildIndex, type EditionIndex } from './index-terms.ts'
import { previousRecord } from '../release/records.ts'
import { checkEditorialMarkdown } from './safe-markdown.ts'
import { loadSources, type Sources } from './sources.ts'

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

/** `timed` measures the phases (import and normalisation, apparatus) for progress and report.json. */
export function buildEdition(root: string, timed: <T>(stage: string, work: () => T) => T = (_, work) => work()): Edition {
  return timed('import', () => importAll(root)).apparatus(timed)
}

function importAll(root: string) {
  const sources = loadSources(root)
  const previous = previousRecord(root, sources.edition.version)
  const retired = new Set(previous?.retired ?? [])
  const documents = sources.documents.map((source) => buildDocument(source, { previous: previous?.blocks[source.slug] ?? [], retired }))
  return { apparatus: (timed: <T>(stage: string, work: () => T) => T) => timed('apparatus', () => withApparatus(root, sources, documents)) }
}

function withApparatus(root: string, sources: Sources, documents: EditionDocument[]): Edition {
  const shown = (name: string) => relative(process.cwd(), join(root, name))
  annotate(shown('annotations.yaml'), documents)
  const index = buildIndex(shown('index.yaml'), documents)
  const slugs = new Set(sources.documents.map((d) => d.slug))
  for (const doc of documents)
    if (doc.source.headnote !== undefined) {
      doc.headnote = unified().use(remarkParse).use(remarkGfm).parse(doc.source.headnote) as Root
      checkEditorialMarkdown(doc.headnote, relative(process.cwd(), join(doc.source.dir, 'headnote.md')), (node) => node.position?.start, slugs, 'headnote')
    }
  return { sources, front: frontMatter(root, slugs), documents, index }
}

function frontMatter(root: string, documents: Set<string>): FrontPart[] {
  return frontOrder
    .filter((slug) => existsSync(join(root, 'front', `${slug}.md`)))
    .map((slug) => {
      const path = join(root, 'front', `${slug}.md`)
      const tree = unified().use(remarkParse).use(remarkGfm).parse(readFileSync(path, 'utf8')) as Root
      checkEditorialMarkdown(tree, relative(process.cwd(), path), (node) => node.position?.start, documents, slug)
      const first = tree.children[0]
      const title = first?.type === 'heading' ? first.children.map((c) => ('value' in c ? c.value : '')).join('') : slug
      return { slug, title, tree }
    })
}
