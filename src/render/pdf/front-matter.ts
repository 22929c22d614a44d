/** The printed front matter the model does not hold: half-title, imprint, title page and contents with page numbers. */
import type { Element } from 'hast'
import { h } from 'hastscript'
import type { Model, Part } from '../model.ts'

export interface Titles {
  /** The book's title (the edition's, or a packet's). */
  title: string
  subtitle?: string
  /** Shown on the imprint page of a packet: the edition it is taken from. */
  from?: string
}

export function titlePages(model: Model, titles: Titles): Element[] {
  const { meta } = model
  const date = formatDate(meta.date)
  return [
    h('section', { className: ['half-title', 'cover'] }, [h('p', { className: ['edition-title'] }, titles.title)]),
    h('section', { className: ['imprint', 'cover'] }, [
      ...(titles.from ? [h('p', ['Taken from ', h('i', titles.from), '.'])] : []),
      h('p', `${meta.publisher} · version ${meta.version} · ${date}`),
      h('p', meta.rights),
      h('p', ['Source hash (sha256): ', h('code', meta.sourceHash)]),
    ]),
    h('section', { className: ['title-page', 'cover'] }, [
      h('p', { className: ['title'] }, titles.title),
      ...(titles.subtitle ? [h('p', { className: ['subtitle'] }, titles.subtitle)] : []),
      h('p', { className: ['editor'] }, `Edited by ${meta.editor}`),
      h('p', { className: ['version'] }, `Version ${meta.version} · ${date}`),
      h('p', { className: ['publisher'] }, meta.publisher),
    ]),
  ]
}

/** Parts, and the sections of documents; the layout fills in the page numbers, a dotted filler draws the leaders. */
export function contents(parts: Part[]): Element {
  const entry = (id: string, title: string, className: string) =>
    h('li', { className: [className] }, h('a', { href: `#${id}` }, [h('span', { className: ['toc-title'] }, title), h('span', { className: ['toc-leader'], ariaHidden: 'true' }), h('span', { className: ['toc-page'] })]))
  return h('section', { className: ['contents'], id: 'contents' }, [
    h('h1', { id: 'contents-title' }, 'Contents'),
    h(
      'ol',
      { className: ['toc'] },
      parts.flatMap((p) => [
        entry(p.id, p.label, `toc-${p.kind}`),
        ...(p.role === 'document' ? p.sections.filter((s) => s.depth === 2 && !s.notes).map((s) => entry(s.id, s.title, 'toc-section')) : []),
      ])
    ),
  ])
}

function formatDate(iso: string): string {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
}
