/**
 * Notes as EPUB endnotes, readable in the flow of every reading system: note references get
 * `epub:type="noteref"`, each part's notes are a `section epub:type="endnotes"` holding an `ol` of
 * `li epub:type="endnote"` whose first paragraph opens with a backlink (the markup Standard Ebooks uses: Apple
 * Books, Kobo and KOReader pop the notes up; Foliate, which hides footnote asides, shows them in sequence).
 * Authors' notes and editor's notes stay in separate, labelled sections.
 */
import type { Element, ElementContent } from 'hast'
import { h } from 'hastscript'
import { copyContent, type Note, type Part, type Series } from '../model.ts'
import { classes } from './semantics.ts'

const headings: Record<Series, string> = { author: 'Notes', editor: 'Editor’s notes' }

/** Mark the model's note references (`a.noteref`) for reading systems; works in place on a copy. */
export function markNoterefs(nodes: ElementContent[]): ElementContent[] {
  for (const node of nodes) {
    if (node.type !== 'element') continue
    if (node.tagName === 'a' && classes(node).includes('noteref')) node.properties['epub:type'] = 'noteref'
    markNoterefs(node.children)
  }
  return nodes
}

/**
 * The notes of a part placed in its body: authors' notes under the body's own notes heading when the source had
 * one (`.notes-heading`, which moves into the endnotes section), otherwise in a "Notes" section at the end;
 * editor's notes always in a section at the end. A series without notes gets no section.
 */
export function withNotes(body: ElementContent[], part: Part): ElementContent[] {
  const author = part.notes.filter((n) => n.series === 'author')
  const editor = part.notes.filter((n) => n.series === 'editor')
  const out = [...body]
  const at = out.findIndex((n) => n.type === 'element' && classes(n).includes('notes-heading'))
  if (author.length > 0 && at >= 0) out.splice(at, 1, endnotes('author', out[at] as Element, author))
  else if (author.length > 0) out.push(endnotes('author', h('h2', { id: `${part.id}-author-notes` }, headings.author), author))
  if (editor.length > 0) out.push(endnotes('editor', h('h2', { id: `${part.id}-editor-notes` }, headings.editor), editor))
  return out
}

function endnotes(series: Series, heading: Element, notes: Note[]): Element {
  const labelledBy = heading.properties.id ? { ariaLabelledBy: [String(heading.properties.id)] } : { ariaLabel: headings[series] }
  return h('section', { 'epub:type': 'endnotes', role: 'doc-endnotes', className: ['notes', `notes-${series}`], ...labelledBy }, [
    heading,
    h('ol', { className: ['notes-list'] }, notes.map(endnote)),
  ])
}

function endnote(note: Note): Element {
  const backlink = h('a', { href: `#${note.refId}`, role: 'doc-backlink', className: ['note-backlink'], ariaLabel: `Back to reference ${note.mark}` }, note.mark)
  // Notes may hold references of their own (an editor's note on an author's note).
  const content = markNoterefs(copyContent(note.content))
  const first = content.find((n): n is Element => n.type === 'element')
  if (first?.tagName === 'p') first.children.unshift(backlink, { type: 'text', value: ' ' })
  else content.unshift(h('p', [backlink]))
  return h('li', { 'epub:type': 'endnote', id: note.id, className: ['note', `note-${note.series}`] }, content)
}
