/**
 * Notes as EPUB endnotes, readable in the flow of every reading system: note references get
 * `epub:type="noteref"`, each part's notes are a `section epub:type="endnotes"` holding an `ol` of
 * `li epub:type="endnote"` whose first paragraph opens with a backlink (the markup Standard Ebooks uses: Apple
 * Books, Kobo and KOReader pop the notes up; Foliate, which hides footnote asides, shows them in sequence).
 * Authors' notes and editor's notes stay in separate, labelled sections.
 */
import type { Element, ElementContent } from 'hast'
import { h } from 'hastscript'
import { writerContent, type WriterOptions } from '../content.ts'
import { seriesNames, type Note, type NoteSeries, type Part } from '../model.ts'

/** How the EPUB writes all of the model's content: its note references typed for reading systems. */
export const contentOptions: WriterOptions = { epubNoteRefs: true }

/**
 * The notes of a part where the model places them at the end of a reflowable book: each series under the source's
 * own notes heading (which moves into the endnotes section), or in a section of its own at the end.
 */
export function withNotes(body: ElementContent[], part: Part): ElementContent[] {
  const out = [...body]
  for (const series of part.noteSeries) {
    const at = series.under === undefined ? -1 : out.findIndex((n) => n.type === 'element' && n.properties.id === series.under)
    if (at >= 0) out.splice(at, 1, endnotes(series, out[at] as Element))
    else out.push(endnotes(series, h('h2', { id: series.heading }, seriesNames[series.series].heading)))
  }
  return out
}

function endnotes({ series, notes }: NoteSeries, heading: Element): Element {
  const labelledBy = heading.properties.id ? { ariaLabelledBy: [String(heading.properties.id)] } : { ariaLabel: seriesNames[series].heading }
  return h('section', { 'epub:type': 'endnotes', role: 'doc-endnotes', className: ['notes', `notes-${series}`], ...labelledBy }, [
    heading,
    h('ol', { className: ['notes-list'] }, notes.map(endnote)),
  ])
}

function endnote(note: Note): Element {
  const backlink = h('a', { href: `#${note.refId}`, role: 'doc-backlink', className: ['note-backlink'], ariaLabel: `Back to reference ${note.mark}` }, note.mark)
  // Notes may hold references of their own (an editor's note on an author's note).
  const content = writerContent(note.content, contentOptions)
  const first = content.find((n): n is Element => n.type === 'element')
  if (first?.tagName === 'p') first.children.unshift(backlink, { type: 'text', value: ' ' })
  else content.unshift(h('p', [backlink]))
  return h('li', { 'epub:type': 'endnote', id: note.id, className: ['note', `note-${note.series}`] }, content)
}
