/**
 * The two note series of a part as the reader meets them: popovers opened from the note references, and note
 * lists with back-links that work without JavaScript.
 */
import type { Element, ElementContent } from 'hast'
import { h } from 'hastscript'
import { copyContent, type Note, type Part, type Series } from '../model.ts'

export const seriesLabels: Record<Series, { heading: string; note: string }> = {
  author: { heading: 'Notes', note: 'Note' },
  editor: { heading: 'Editor’s notes', note: 'Editor’s note' },
}

export function popoverId(note: Note): string {
  return `pop-${note.id}`
}

/** A copy of note content without ids: the note list holds the originals, which links and locators target. */
function withoutIds(nodes: ElementContent[]): ElementContent[] {
  return nodes.map((node) => {
    if (node.type !== 'element') return node
    const { id: _, ...properties } = node.properties
    return { ...node, properties, children: withoutIds(node.children) }
  })
}

export function popover(note: Note): Element {
  const id = popoverId(note)
  const label = `${seriesLabels[note.series].note} ${note.mark}`
  return h('div', { popover: 'auto', id, role: 'dialog', tabIndex: -1, className: ['note-popover', `note-${note.series}`], ariaLabelledby: `${id}-label` }, [
    h('p', { className: ['note-popover-label'], id: `${id}-label` }, label),
    ...withoutIds(note.content),
    h('p', { className: ['note-popover-actions'] }, [
      h('a', { href: `#${note.id}` }, 'In the list of notes'),
      ' ',
      h('button', { type: 'button', popoverTarget: id, popoverTargetAction: 'hide' }, 'Close'),
    ]),
  ])
}

function listItem(note: Note): Element {
  return h('li', { id: note.id, className: ['note', `note-${note.series}`] }, [
    h('a', { className: ['note-backlink'], href: `#${note.refId}`, title: 'Back to the text' }, note.mark),
    h('div', { className: ['note-body'] }, copyContent(note.content)),
  ])
}

function list(notes: Note[], series: Series): Element {
  return h('ol', { className: ['note-list', `note-list-${series}`] }, notes.filter((n) => n.series === series).map(listItem))
}

/**
 * The body with the authors' notes placed under the source's own notes heading (`h2.notes-heading`) when it
 * has one, and the note sections that still need a heading of their own.
 */
export function placeNotes(part: Part, body: ElementContent[]): { body: ElementContent[]; sections: Element[] } {
  const sections: Element[] = []
  const has = (series: Series) => part.notes.some((n) => n.series === series)
  const at = body.findIndex((n) => n.type === 'element' && (n.properties.className as string[] | undefined)?.includes('notes-heading'))
  if (has('author') && at >= 0) body = [...body.slice(0, at + 1), list(part.notes, 'author'), ...body.slice(at + 1)]
  else if (has('author')) sections.push(section(part, 'author'))
  if (has('editor')) sections.push(section(part, 'editor'))
  return { body, sections }
}

function section(part: Part, series: Series): Element {
  const id = `notes-${series}-${part.id}`
  return h('section', { className: ['notes', `notes-${series}`], ariaLabelledby: id }, [h('h2', { id }, seriesLabels[series].heading), list(part.notes, series)])
}
