/** Puts each note's text at its first call, as the inline element Paged.js floats to the foot of the page. */
import type { Element, ElementContent } from 'hast'
import { h } from 'hastscript'
import { noteRefsIn, writerContent, type NoteRef, type WriterOptions } from '../content.ts'
import type { Note } from '../model.ts'

/** Elements that would close an open paragraph in HTML become spans: a footnote lives inside the text's line. */
const blocks = new Set(['p', 'div', 'blockquote', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'pre', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'])

/**
 * The writer's options that set `notes` (those the model puts at the page foot) before their first calls.
 * Before the call, not after: Paged.js drops a note whose (zero-width) call it finds a fraction of a pixel past
 * the right edge, which happens when the visible mark ends a justified line.
 */
export function footnotes(notes: Note[]): WriterOptions {
  const byCall = new Map(notes.map((n) => [n.refId, n]))
  const called = (ref: NoteRef) => (ref.ref === undefined ? undefined : byCall.get(ref.ref))
  /** A note called from inside another note cannot float from there: it follows its host in the text. */
  const withCalledNotes = (note: Note): Element[] => [footnote(note), ...noteRefsIn(note.content).flatMap((ref) => {
    const inner = called(ref)
    return inner ? withCalledNotes(inner) : []
  })]
  return {
    beforeNoteRef: (ref) => {
      const note = called(ref)
      return note ? withCalledNotes(note) : []
    },
  }
}

function footnote(note: Note): Element {
  return h('span', { className: ['footnote', `footnote-${note.series}`] }, [
    h('a', { className: ['note-mark'], id: note.id, href: `#${note.refId}` }, note.mark),
    ' ',
    ...writerContent(note.content).map(inline),
  ])
}

function inline(node: ElementContent): ElementContent {
  if (node.type !== 'element') return node
  const children = node.children.map(inline)
  if (!blocks.has(node.tagName)) return { ...node, children }
  const className = [`note-block`, `note-${node.tagName}`, ...((node.properties.className as string[] | undefined) ?? [])]
  return { ...node, tagName: 'span', properties: { ...node.properties, className }, children }
}
