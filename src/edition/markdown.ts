/** Normalised Markdown per document (CommonMark + GFM footnotes, YAML front matter), and reading it back. */
import type { Root, RootContent } from 'mdast'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkStringify from 'remark-stringify'
import { unified } from 'unified'
import { stringify as yaml } from 'yaml'
import { shownTitle } from '../witness/changes.ts'
import type { EditionDocument } from './document.ts'

const options = {
  bullet: '-',
  emphasis: '*',
  strong: '*',
  rule: '-',
  fences: true,
  // Index marks are positions for writers, not text: Markdown does not carry them.
  handlers: { indexMark: () => '' },
} as const

export function toMarkdown(doc: EditionDocument): string {
  const { meta, source } = doc
  const front = yaml({ title: shownTitle(meta), author: meta.author, site: meta.site, genre: meta.genre, date: meta.date, witness: { sha256: source.sha256 } }).trim()
  const tree: Root = { type: 'root', children: [{ type: 'yaml', value: front } as RootContent, ...doc.tree.children] }
  return unified().use(remarkGfm).use(remarkFrontmatter).use(remarkStringify, options).stringify(tree)
}

export function parseMarkdown(markdown: string): Root {
  return unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter).runSync(unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter).parse(markdown)) as Root
}
