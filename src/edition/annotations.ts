/** Editor's notes, stand-off: each anchored by a quote in one document, inserted as a lettered note reference. */
import type { FootnoteDefinition, Root } from 'mdast'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { SKIP, visit } from 'unist-util-visit'
import { z } from 'zod'
import { blocksOf, blockText, findAnchor, foldBlocks, insertAt, type Block, type FoldedBlocks } from './anchors.ts'
import { fail } from './diagnostics.ts'
import { letter } from '../witness/letters.ts'
import type { EditionDocument } from './document.ts'
import { checkEditorialMarkdown, fragmentLinks, type FragmentLink } from './safe-markdown.ts'
import { positionOf, readYaml } from './sources.ts'
import { smartenTree } from './typography.ts'

declare module 'mdast' {
  interface FootnoteReferenceData {
    series?: 'author' | 'editor'
    /** The mark shown: 1, 2, 3 for authors' notes; a, b, c for editor's notes. */
    mark?: string
  }
  interface FootnoteDefinitionData {
    series?: 'author' | 'editor'
    mark?: string
  }
}

export const annotationsSchema = z
  .object({
    notes: z.array(
      z
        .object({
          id: z.string().regex(/^[a-z0-9-]+$/),
          document: z.string(),
          quote: z.string().min(1),
          prefix: z.string().optional(),
          suffix: z.string().optional(),
          body: z.string().min(1),
        })
        .strict()
    ),
  })
  .strict()


/**
 * The editor's notes as annotations.yaml gives them, each with its place in the file (`at`). Their bodies are parsed
 * with the document they annotate (`annotateDocument`): a build under `folio serve` parses only the notes of the
 * documents whose notes changed.
 */
export interface EditorNotes {
  path: string
  notes: EditorNote[]
}

export type EditorNote = z.infer<typeof annotationsSchema>['notes'][number] & { at: number }

export function readAnnotations(path: string): EditorNotes {
  // Optional: an edition without editor's notes leaves the file out.
  const { notes } = readYaml(path, annotationsSchema, undefined, { notes: [] })
  return { path, notes: notes.map((note, at) => ({ ...note, at })) }
}

const noteMarkdown = unified().use(remarkParse).freeze()

/** A note's body, parsed with the witnesses' typography, its paragraphs given their ids. */
function noteTree(note: EditorNote): Root {
  const tree = smartenTree(noteMarkdown.parse(note.body) as Root)
  tree.children.forEach((block, k) => {
    const id = `ed-${note.id}-${k + 1}`
    if (block.type === 'paragraph') block.data = { ...block.data, id, hProperties: { id } }
  })
  return tree
}

/** What holds across annotations.yaml: each note has its own id and names a document of the edition. */
export function checkNotes({ path, notes }: EditorNotes, documents: Set<string>): void {
  const seen = new Set<string>()
  notes.forEach((note, i) => {
    if (seen.has(note.id)) fail(path, positionOf(path, ['notes', i, 'id']), `editor's note id “${note.id}” is used twice`, 'F-NOTE-001', 'give each note its own id')
    seen.add(note.id)
    if (!documents.has(note.document)) fail(path, positionOf(path, ['notes', i, 'document']), `note “${note.id}”: there is no document “${note.document}”`, 'F-XREF-001', `use one of ${[...documents].join(', ')}`)
  })
}

/**
 * Insert the editor's notes on one document into its tree and letter them (`checkNotes` has seen the file); the
 * other documents' notes are passed over. `documents`: the folders a note may link to. Returns the `#id` links of
 * its notes, which the model checks.
 */
export function annotateDocument({ path, notes }: EditorNotes, doc: EditionDocument, documents: Set<string>): FragmentLink[] {
  // Anchors match the sources only, never the text of another editor's note: the document's blocks are folded
  // when its first note is placed, before any note is added to it.
  let sourceBlocks: FoldedBlocks | undefined
  const links: FragmentLink[] = []
  for (const note of notes) {
    if (note.document !== doc.source.slug) continue
    const hits = findAnchor((sourceBlocks ??= foldBlocks(blocksOf(doc.tree))), note)
    if (hits.length !== 1)
      fail(path, positionOf(path, ['notes', note.at, 'quote']), `note “${note.id}”: the quote “${note.quote}” matches ${hits.length} places in ${note.document}`, hits.length === 0 ? 'F-ANCHOR-001' : 'F-ANCHOR-002', hits.length === 0 ? 'copy the quote exactly from the text' : 'add a prefix or suffix to make it unique')
    const tree = noteTree(note)
    const body = () => positionOf(path, ['notes', note.at, 'body'])
    checkEditorialMarkdown(tree, path, body, documents, `note “${note.id}”`)
    links.push(...fragmentLinks(tree, path, body, `note “${note.id}”`))
    const identifier = `ed-${note.id}`
    insertAt(hits[0]!.block, callAfter(hits[0]!.block, hits[0]!.end), [{ type: 'footnoteReference', identifier, label: identifier, data: { series: 'editor' } }])
    doc.tree.children.push({ type: 'footnoteDefinition', identifier, label: identifier, children: tree.children as FootnoteDefinition['children'], data: { series: 'editor' } })
  }
  markSeries(doc.tree)
  return links
}

/**
 * Where a note's call goes: after the anchor, and after a possessive ending (Metzl’s) and the closing punctuation
 * (quotes, brackets, stops) that follow it directly, as typesetting puts calls. A dash or an ellipsis is not
 * closing punctuation: the call stays before it.
 */
const afterAnchor = /^(?:['’]s(?![\p{L}\p{N}]))?[.,;:!?)\]”’"'»]*/u

function callAfter(block: Block, end: number): number {
  const { text } = blockText(block)
  const rest = text.slice(end)
  const plural = end > 0 && text[end - 1] === 's' && /^['’](?![\p{L}\p{N}])/u.test(rest)
  const m = (plural ? /^['’][.,;:!?)\]”’"'»]*/u : afterAnchor).exec(rest)
  return end + (m?.[0].length ?? 0)
}

/**
 * Letter editor's notes in reading order; author notes keep their source numbers. A note is read where it is
 * called: an editor's note on an author's note comes in the series right after the notes called before that
 * author's note, not after every call in the text (the notes' definitions sit at the end of the tree).
 */
function markSeries(tree: Root) {
  const definitions = new Map<string, FootnoteDefinition>()
  visit(tree, 'footnoteDefinition', (def) => void definitions.set(def.identifier, def))
  const marks = new Map<string, string>()
  const read = new Set<Root | FootnoteDefinition>()
  let lettered = 0
  const readNote = (node: Root | FootnoteDefinition) => {
    read.add(node)
    visit(node, (child) => {
      if (child.type === 'footnoteDefinition' && child !== node) return SKIP
      if (child.type !== 'footnoteReference') return
      const editor = child.data?.series === 'editor'
      if (!marks.has(child.identifier)) marks.set(child.identifier, editor ? letter(lettered++) : child.identifier)
      child.data = { ...child.data, series: editor ? 'editor' : 'author', mark: marks.get(child.identifier)! }
      const definition = definitions.get(child.identifier)
      if (definition && !read.has(definition)) readNote(definition)
    })
  }
  readNote(tree)
  // A note no call reaches (none, once the importers have checked) is still read, last.
  for (const def of definitions.values()) if (!read.has(def)) readNote(def)
  for (const def of definitions.values()) def.data = { ...def.data, series: def.data?.series === 'editor' ? 'editor' : 'author', mark: marks.get(def.identifier) ?? def.identifier }
}
