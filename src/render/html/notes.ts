/**
 * The two note series of a part as the reader meets them: popovers opened from the note references, and note
 * lists with back-links that work without JavaScript.
 */
import type { Element, ElementContent } from 'hast'
import { h } from 'hastscript'
import { writerContent, type WriterOptions } from '../content.ts'
import { seriesNames, type Note, type NoteSeries, type Part } from '../model.ts'

export function popoverId(note: Note): string {
  return `pop-${note.id}`
}

/** `options`: the page's (its change links); the popover's copy of the note is without ids (the note list holds the originals, which links and locators target). */
export function popover(note: Note, options: WriterOptions): Element {
  const id = popoverId(note)
  const label = `${seriesNames[note.series].note} ${note.mark}`
  return h('div', { popover: 'auto', id, role: 'dialog', tabIndex: -1, className: ['note-popover', `note-${note.series}`], ariaLabelledby: `${id}-label` }, [
    h('p', { className: ['note-popover-label'], id: `${id}-label` }, label),
    ...writerContent(note.content, { ...options, withoutIds: true }),
    h('p', { className: ['note-popover-actions'] }, [
      h('a', { href: `#${note.id}` }, 'In the list of notes'),
      ' ',
      h('button', { type: 'button', popoverTarget: id, popoverTargetAction: 'hide' }, 'Close'),
    ]),
  ])
}

function listItem(note: Note, options: WriterOptions): Element {
  return h('li', { id: note.id, className: ['note', `note-${note.series}`] }, [
    h('a', { className: ['note-backlink'], href: `#${note.refId}`, title: 'Back to the text' }, note.mark),
    h('div', { className: ['note-body'] }, writerContent(note.content, options)),
  ])
}

function list({ series, notes }: NoteSeries, options: WriterOptions): Element {
  return h('ol', { className: ['note-list', `note-list-${series}`] }, notes.map((n) => listItem(n, options)))
}

/**
 * The body with each series' list where the model places it at the end of a scrolled page: under the source's own
 * notes heading, or in a section of its own after the text (returned apart).
 */
export function placeNotes(part: Part, body: ElementContent[], options: WriterOptions): { body: ElementContent[]; sections: Element[] } {
  const sections: Element[] = []
  for (const series of part.noteSeries) {
    const at = series.under === undefined ? -1 : body.findIndex((n) => n.type === 'element' && n.properties.id === series.under)
    if (at >= 0) body = [...body.slice(0, at + 1), list(series, options), ...body.slice(at + 1)]
    else sections.push(section(series, options))
  }
  return { body, sections }
}

function section(series: NoteSeries, options: WriterOptions): Element {
  const id = series.heading
  return h('section', { className: ['notes', `notes-${series.series}`], ariaLabelledby: id }, [h('h2', { id }, seriesNames[series.series].heading), list(series, options)])
}
