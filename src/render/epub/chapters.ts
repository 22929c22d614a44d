/**
 * One spine item per part of the model: the part's content copied (the model is never changed), wrapped in a
 * section with its structural semantics, with pop-up notes, index vocabulary and links between files.
 */
import type { ElementContent } from 'hast'
import { h } from 'hastscript'
import { headnoteContent, partContent } from '../content.ts'
import type { Part } from '../model.ts'
import { contentOptions, withNotes } from './notes.ts'
import { matter, partSemantics } from './semantics.ts'
import { linkAcross, type PartOf } from './xhtml.ts'

export interface Chapter {
  /** Part id: also the file stem and the id of the wrapping section. */
  id: string
  title: string
  /** `frontmatter`, `bodymatter` or `backmatter`. */
  matter: string
  content: ElementContent[]
}

/** `after`: what the EPUB adds at the end of the part (the colophon's link to the font licences). */
export function partChapter(part: Part, partOf: PartOf, after: ElementContent[] = []): Chapter {
  // Citable numbers as text at the start of each numbered block, not as generated CSS content: the index and the
  // apparatus point at them, so they must survive every reading system and conversion (Calibre's TXT and AZW3
  // drop `::before` content).
  // The index part sets the index in the EPUB Indexes vocabulary.
  const body = partContent(part, { ...contentOptions, numbers: 'text', index: 'epub-indexes' })
  // A document's title heading comes before its headnote, so the chapter opens with its title.
  const heading = body.splice(0, part.headnoteAt)
  const headnote = part.headnote
    ? [h('section', { className: ['headnote'], ariaLabel: 'Editor’s headnote' }, [h('p', { className: ['headnote-label'] }, 'Editor’s headnote'), ...headnoteContent(part.headnote, contentOptions)])]
    : []
  const content = [...heading, ...headnote, ...withNotes(body, part), ...after]
  const section = h('section', { id: part.id, ...partSemantics(part), ...(part.titleId ? { ariaLabelledBy: [part.titleId] } : { ariaLabel: part.title }) }, content)
  return { id: part.id, title: part.title, matter: matter(part), content: linkAcross([section], part.id, partOf) }
}
