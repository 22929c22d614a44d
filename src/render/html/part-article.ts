/** One part of the edition as an `<article>`: title, editor's headnote, text with paragraph numbers, notes. */
import type { ElementContent } from 'hast'
import { headnoteContent, partContent, type WriterOptions } from '../content.ts'
import { toHtml } from '../markup.ts'
import type { Part } from '../model.ts'
import { placeNotes, popover } from './notes.ts'
import { changeDescription } from './change-marks.ts'
import { fill } from './template.ts'

/** Applied to every piece of content before it is serialised: links to other parts are resolved here for each output (see links.ts). */
export type Linker = (nodes: ElementContent[]) => ElementContent[]

export interface PartMarkup {
  article: string
  /** The note popovers, placed at the end of the page's body. */
  popovers: string
}

/** The markup of a part's text: all of its article but the headnote, and its popovers. */
export interface TextMarkup {
  title: string
  body: string
  notes: string
  popovers: string
}

/** The same as hast, made once for every output that serialises it (the page, the archive), each with its links. */
interface TextHast {
  title: ElementContent[]
  body: ElementContent[]
  notes: ElementContent[]
  popovers: ElementContent[]
}

const made = new WeakMap<Part, TextHast>()

/** A part's text as hast (`TextHast`), by the part: made once, as the part never changes. */
function textHast(part: Part): TextHast {
  const kept = made.get(part)
  if (kept) return kept
  const changes = new Map((part.witness?.changes ?? []).filter((c) => c.marked).map((c) => [c.id, c]))
  // Each marked change links to its row in the apparatus, which links back to it.
  const options: WriterOptions = {
    changeLinks: (id) => {
      const change = changes.get(id)
      return change && { href: `#ap-${change.id}`, title: changeDescription(change) }
    },
  }
  const body = partContent(part, { ...options, numbers: 'anchor' })
  // The headnote goes between the document's title and its text.
  const title = body.splice(0, part.headnoteAt)
  const placed = placeNotes(part, body, options)
  const hast = { title, body: placed.body, notes: placed.sections, popovers: part.notes.map((n) => popover(n, options)) }
  made.set(part, hast)
  return hast
}

/** The markup of a part's text, its links resolved by `link` (which copies what it changes: the hast is shared). */
export function partText(part: Part, link: Linker): TextMarkup {
  const { title, body, notes, popovers } = textHast(part)
  const html = (nodes: ElementContent[]) => toHtml(link(nodes))
  return { title: html(title), body: html(body), notes: html(notes), popovers: html(popovers) }
}

/** `text`: the markup of the part's text (`partText`). */
export function partArticle(part: Part, text: TextMarkup, link: Linker): PartMarkup {
  return {
    article: fill('part', {
      id: part.id,
      role: part.role,
      title: text.title,
      headnote: part.headnote ? fill('headnote', { id: part.id, content: toHtml(link(headnoteContent(part.headnote))) }) : '',
      body: text.body,
      notes: text.notes,
    }),
    popovers: text.popovers,
  }
}
