/**
 * A document's witness page: the witness exactly as found, line by line (numbered as report.json and the
 * apparatus count lines), with every recorded change highlighted and linked to its place in the edition.
 */
import type { Element, ElementContent } from 'hast'
import { markScriptLanguages } from '../languages.ts'
import { toHtml } from '../markup.ts'
import { h } from 'hastscript'
import type { ChangeView, Part } from '../model.ts'
import { changeDescription } from './change-marks.ts'
import type { Href } from './navigation.ts'

/** The id of witness line `n` on its page. */
export const lineId = (n: number) => `L${n}`

const kindLegend: Array<[ChangeView['kind'], string]> = [
  ['emendation', 'emended'],
  ['sic', 'reading retained (‹sic›)'],
  ['homoglyph', 'mixed-script letter'],
  ['supplied', 'supplied (inserted here)'],
  ['chrome', 'web page furniture removed'],
  ['note-marker', 'note marker'],
  ['markup', 'source sign replaced by structure'],
  ['typography', 'typography'],
  ['whitespace', 'spaces'],
  ['unicode', 'Unicode composition'],
  ['layout', 'line breaks between blocks'],
]

/** The changes as non-overlapping witness ranges, in witness order (an insertion is an empty range). */
function ranges(changes: ChangeView[]): Array<{ from: number; to: number; change: ChangeView }> {
  const sorted = changes.map((change) => ({ from: change.offset, to: change.offset + change.before.length, change })).sort((a, b) => a.from - b.from || a.to - b.to)
  const out: typeof sorted = []
  for (const r of sorted) {
    const last = out.at(-1)
    // A change inside another's range (none in practice) is shown with the one that holds it.
    if (last && r.from < last.to) continue
    out.push(r)
  }
  return out
}

/** `languages`: edition.yaml's `scriptLanguages`, by which the witness's words in another script are marked, as the model marks the edition's. */
export function witnessPage(part: Part, href: Href, languages: Record<string, string>): string {
  const witness = part.witness!
  const text = witness.text
  const target = (c: ChangeView) => (c.marked ? href(part, c.id) : c.block ? href(part, c.block.id) : href(part))
  const link = (c: ChangeView, content: string): Element => {
    const description = changeDescription(c).replace(/\.$/, '')
    return h('a', { className: ['w-change', `w-${c.kind}`, ...(content === '' ? ['w-insert'] : [])], href: target(c), title: description, ariaLabel: description }, content)
  }
  const lines: Element[] = []
  const all = ranges(witness.changes)
  let next = 0
  let n = 0
  for (let start = 0; start < text.length || n === 0; ) {
    const end = text.indexOf('\n', start) === -1 ? text.length : text.indexOf('\n', start) + 1
    const children: ElementContent[] = []
    let at = start
    // Ranges that begin before this line's end, and insertions at its end that the next line does not begin with.
    while (next < all.length && (all[next]!.from < end || (all[next]!.from === end && end === text.length))) {
      const r = all[next]!
      if (r.from > at) children.push({ type: 'text', value: text.slice(at, r.from) })
      const to = Math.min(r.to, end)
      children.push(link(r.change, text.slice(Math.max(r.from, start), to)))
      at = to
      if (r.to > end) break // continues on the next line
      next++
    }
    if (end > at) children.push({ type: 'text', value: text.slice(at, end) })
    lines.push(h('span', { className: ['wl'], id: lineId(++n) }, markScriptLanguages(children, languages)))
    // A range that runs on: it starts again at the next line.
    if (next < all.length && all[next]!.from < end) all[next] = { ...all[next]!, from: end }
    start = end
    if (end === text.length) break
  }
  const counts = new Map<string, number>()
  for (const c of witness.changes) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1)
  return toHtml(
    h('article', { id: `witness-${part.id}`, className: ['witness-page'] }, [
      h('h1', [`Witness of document ${part.number}: `, part.title]),
      h('p', { className: ['witness-about'] }, [
        `The text as it was found, byte for byte (${Buffer.byteLength(text).toLocaleString('en')} bytes, ${n.toLocaleString('en')} lines), numbered by line as the apparatus and report.json count them. Each of the ${witness.changes.length.toLocaleString('en')} recorded changes is highlighted and links to its place in `,
        h('a', { href: href(part) }, 'the edition text'),
        '; hover or focus one for the edition’s reading and the reason.',
      ]),
      h('ul', { className: ['witness-legend'] }, kindLegend.filter(([k]) => counts.get(k)).map(([k, label]) => h('li', [h('span', { className: ['w-change', `w-${k}`] }, label), ` ${counts.get(k)}`]))),
      h('pre', { className: ['witness-text'] }, lines),
    ])
  )
}
