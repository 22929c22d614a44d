/**
 * Notes as EPUB pop-up footnotes: note references get `epub:type="noteref"`, each note becomes an
 * `aside epub:type="footnote"` whose first paragraph opens with a backlink, the markup Apple Books, Kobo and
 * KOReader turn into pop-ups. Authors' notes and editor's notes stay in separate, labelled groups.
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
 * The notes of a part placed in its body: authors' notes after the body's own notes heading when the source had
 * one (`.notes-heading`), otherwise in a "Notes" group at the end; editor's notes always in a group at the end.
 */
export function withNotes(body: ElementContent[], part: Part): ElementContent[] {
  const author = part.notes.filter((n) => n.series === 'author').map((n) => aside(n))
  const editor = part.notes.filter((n) => n.series === 'editor').map((n) => aside(n))
  const out = [...body]
  const at = out.findIndex((n) => n.type === 'element' && classes(n).includes('notes-heading'))
  if (author.length > 0 && at >= 0) out.splice(at + 1, 0, h('div', { className: ['notes', 'notes-author'] }, author))
  else if (author.length > 0) out.push(group('author', part.id, author))
  if (editor.length > 0) out.push(group('editor', part.id, editor))
  return out
}

function group(series: Series, partId: string, asides: Element[]): Element {
  const id = `${partId}-${series}-notes`
  return h('section', { className: ['notes', `notes-${series}`], ariaLabelledBy: [id] }, [h('h2', { id }, headings[series]), ...asides])
}

function aside(note: Note): Element {
  const backlink = h('a', { href: `#${note.refId}`, role: 'doc-backlink', className: ['note-backlink'], ariaLabel: `Back to reference ${note.mark}` }, note.mark)
  // Notes may hold references of their own (an editor's note on an author's note).
  const content = markNoterefs(copyContent(note.content))
  const first = content.find((n): n is Element => n.type === 'element')
  if (first?.tagName === 'p') first.children.unshift(backlink, { type: 'text', value: ' ' })
  else content.unshift(h('p', [backlink]))
  return h('aside', { 'epub:type': 'footnote', role: 'doc-footnote', id: note.id, className: ['note', `note-${note.series}`] }, content)
}
