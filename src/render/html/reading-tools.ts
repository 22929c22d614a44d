/**
 * A document page's reading tools: its witness, the marks of the edition's changes (shown or hidden), and the
 * citation of a paragraph (reader.js fills the dialog from the data given here).
 */
import { h } from 'hastscript'
import { numberedBlocks } from '../content.ts'
import { toHtmlKeepingRaw } from '../markup.ts'
import type { Element } from 'hast'
import type { Model, Part } from '../model.ts'
import { lineId } from './witness-page.ts'

/** Each numbered paragraph's witness lines, by number. */
function paragraphLines(part: Part): Record<string, [number, number]> {
  const lines: Record<string, [number, number]> = {}
  for (const { id, number } of numberedBlocks(part.body)) {
    const range = part.witness?.lines.get(id)
    if (range) lines[number] = [range.from, range.to]
  }
  return lines
}

/** JSON inside a script element: `<` escaped, so that no `</script>` can end it. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c')

export function readingTools(model: Model, part: Part, witnessFile: string): string {
  const { meta } = model
  const data = {
    edition: { title: meta.title, subtitle: meta.subtitle ?? '', editor: meta.editor, publisher: meta.publisher, version: meta.version, date: meta.date, language: meta.language, slug: meta.slug },
    document: { number: part.number, title: part.title, ...part.source },
    witness: witnessFile,
    lineId: lineId(0).replace(/0$/, ''),
    paragraphs: paragraphLines(part),
  }
  const button = (className: string, label: string, extra: Record<string, string> = {}): Element => h('button', { type: 'button', className: [className], hidden: true, ...extra }, label)
  const copyable = (id: string, label: string): Element[] => [
    h('h3', { id: `${id}-label` }, label),
    h('pre', { id, className: ['cite-text'], role: 'region', ariaLabelledby: `${id}-label`, tabIndex: 0 }),
    h('button', { type: 'button', className: ['cite-copy'], dataCopy: id }, `Copy ${label.toLowerCase()}`),
  ]
  return toHtmlKeepingRaw([
    h('div', { className: ['reading-tools'], role: 'group', ariaLabel: 'Reading tools' }, [
      h('a', { href: witnessFile }, 'The witness'),
      button('marks-toggle', 'Marks of changes', { ariaPressed: 'true' }),
      button('cite-open', 'Cite'),
    ]),
    h('dialog', { id: 'cite-dialog', className: ['cite-dialog'], ariaLabelledby: 'cite-title' }, [
      h('h2', { id: 'cite-title' }, 'Cite this document'),
      h('p', { className: ['cite-links'] }, [h('a', { id: 'cite-link', href: '#' }, 'Link to this place'), ' · ', h('a', { id: 'cite-witness', href: witnessFile }, 'Its witness lines')]),
      ...copyable('cite-plain', 'Citation'),
      ...copyable('cite-bibtex', 'BibTeX'),
      ...copyable('cite-csl', 'CSL-JSON'),
      h('p', { id: 'cite-status', className: ['cite-status'], role: 'status' }),
      h('form', { method: 'dialog' }, h('button', { type: 'submit' }, 'Close')),
    ]),
    h('script', { type: 'application/json', id: 'cite-data' }, { type: 'raw' as const, value: scriptJson(data) } as never),
  ])
}
