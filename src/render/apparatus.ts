/**
 * The apparatus as data and markup, once for every format: each change from witness to edition that is not pure
 * layout, by document and kind, keyed by the citable number of its place, with its context in the witness;
 * routine typography summarised by rule (count and first example); the readings retained.
 */
import type { Element, ElementContent, ElementData } from 'hast'
import { h } from 'hastscript'
import type { Root, RootContent } from 'mdast'
import { shownTitle, type Change, type ChangeKind } from '../witness/changes.ts'
import { visibleControls } from '../edition/controls.ts'
import type { EditionDocument } from '../edition/document.ts'
import { smarten } from '../edition/typography.ts'

export const kindLabels: Record<ChangeKind, string> = {
  emendation: 'Emendations',
  sic: 'Readings retained (marked ‹sic›)',
  homoglyph: 'Mixed-script letters',
  supplied: 'Editorial words supplied',
  markup: 'Source signs replaced by structure',
  chrome: 'Web page furniture removed',
  'note-marker': 'Note markers linked',
  typography: 'Typography',
  whitespace: 'Spaces',
  unicode: 'Unicode composition',
  control: 'Control characters',
  layout: 'Line breaks between blocks',
}

/** Kinds listed change by change, in this order. */
export const listedKinds: ChangeKind[] = ['emendation', 'sic', 'homoglyph', 'control', 'supplied', 'markup', 'chrome', 'note-marker']
/** Routine kinds, summarised by rule (the change's reason) with a count and the first example. */
export const ruleKinds: ChangeKind[] = ['typography', 'whitespace', 'unicode']

export function changeCounts(changes: Change[]): Map<ChangeKind, number> {
  const counts = new Map<ChangeKind, number>()
  for (const c of changes) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1)
  return counts
}

/** Where a change stands in the edition: the block's id and the label a reader cites (2.14, 3.n6, or a heading). */
interface Place {
  id: string
  label: string
}

/** For each witness offset, the block it falls in: places changes in the text. */
export function placer(doc: EditionDocument): (offset: number) => Place | undefined {
  const n = doc.source.number
  const ranges: Array<{ from: number; to: number } & Place> = []
  // Blocks hold no blocks, so the walk stops at each one and reads the witness offsets of its text.
  const walk = (node: RootContent | Root, note?: string) => {
    if ((node.type === 'paragraph' || node.type === 'heading') && node.data?.id) {
      const from = firstOffset(node)
      const label = note !== undefined ? `${n}.n${note}` : node.type === 'paragraph' && node.data.number ? node.data.number : `${n}, heading`
      if (from !== Infinity) ranges.push({ from, to: lastOffset(node), id: node.data.id, label })
    } else if ('children' in node) for (const child of node.children) walk(child, node.type === 'footnoteDefinition' ? (node.data?.mark ?? node.identifier) : note)
  }
  walk(doc.tree)
  ranges.sort((a, b) => a.from - b.from)
  const witness = doc.source.witness
  // The block the offset falls in; between blocks, the next one when it starts on the same line (a bullet, a
  // note number, a turn dash belong to what follows them), else the one before.
  return (offset) => {
    let low = 0
    let high = ranges.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (ranges[middle]!.from <= offset) low = middle + 1
      else high = middle
    }
    const before = ranges[low - 1]
    const next = ranges[low]
    if (next && (!before || (offset > before.to && !/[\r\n]/.test(witness.slice(offset, next.from))))) return next
    return before ?? ranges[0]
  }
}

/** The smallest witness offset of the text below a node (Infinity when all of it was supplied). */
function firstOffset(node: RootContent): number {
  if (node.type === 'text') return (node.data?.map ?? []).reduce((from, o) => (o >= 0 && o < from ? o : from), Infinity)
  return 'children' in node ? node.children.reduce((from, child) => Math.min(from, firstOffset(child)), Infinity) : Infinity
}

/** The largest witness offset of the text below a node (-1 when all of it was supplied). */
function lastOffset(node: RootContent): number {
  if (node.type === 'text') return (node.data?.map ?? []).reduce((to, o) => (o > to ? o : to), -1)
  return 'children' in node ? node.children.reduce((to, child) => Math.max(to, lastOffset(child)), -1) : -1
}

/**
 * Show invisible characters of a change as visible signs: ¶ a line break, ~ a no-break space, · a space at either
 * end. Signs the shipped fonts have, so that no other font fills in (the PDF embeds only those).
 */
function visible(text: string): string {
  return visibleControls(text).replace(/\r\n|\r|\n/g, '¶').replace(/\u00a0/g, '~').replace(/^ +| +$/g, (m) => '·'.repeat(m.length))
}

/** The words of the witness around a change, on its line: enough to find the place. */
function context(witness: string, c: Change): Array<ElementContent | string> {
  // Lines end with LF, CRLF or CR alone.
  const lineStart = Math.max(witness.lastIndexOf('\n', c.offset - 1), witness.lastIndexOf('\r', c.offset - 1)) + 1
  const after = witness.slice(c.offset + c.before.length).search(/[\r\n]/)
  const end = after === -1 ? witness.length : c.offset + c.before.length + after
  const left = witness.slice(lineStart, c.offset)
  const right = witness.slice(c.offset + c.before.length, end)
  const cutLeft = left.length > 40 ? '…' + left.slice(left.indexOf(' ', left.length - 40) + 1) : left
  const cutRight = right.length > 40 ? right.slice(0, Math.max(right.lastIndexOf(' ', 40), 1)) + '…' : right
  return [visibleControls(cutLeft), c.before === '' ? h('span', { className: ['insertion-point'], title: 'insertion point' }, '¦') : h('mark', visible(c.before)), visibleControls(cutRight)]
}

/** The entry's reading in the classic form: edition's reading ] witness's reading W. */
function lemma(c: Change): Array<ElementContent | string> {
  return [
    c.after === '' ? h('i', 'om.') : h('span', { className: ['edition-reading'] }, visible(c.after)),
    '] ',
    c.before === '' ? h('i', 'not in') : h('span', { className: ['witness-reading'] }, visible(c.before)),
    ' ',
    h('i', 'W'),
  ]
}

/** `mark`: the id of the change's mark in the text, when the text marks it: the place links there. */
function placeCell(at: Place | undefined, n: number, mark?: string): ElementContent {
  return h('td', { className: ['place'] }, at ? placeLink(mark ?? at.id, at.label) : `${n}`)
}

/** A link to a place in the text, the place's id as data for the writers (content.ts): print adds its page. */
function placeLink(target: string, label: string): Element {
  const a = h('a', { href: `#${target}`, className: ['locator'] }, label)
  a.data = { place: { target } } as ElementData
  return a
}

function entryTable(rows: ElementContent[], head: string[]): ElementContent {
  return h('table', { className: ['changes'] }, [h('thead', h('tr', head.map((t) => h('th', { scope: 'col' }, t)))), h('tbody', rows)])
}

/**
 * `marked`: ids (`c<document>-<k>`, k the change's position in its document's record) of the changes the texts
 * mark. Each listed change's row has id `ap-<that id>`, so that the mark links to it, and links to the mark.
 */
export function apparatusBody(documents: EditionDocument[], marked: Set<string> = new Set()): ElementContent[] {
  const body: ElementContent[] = [
    h('h1', { id: 'apparatus-title' }, 'Apparatus'),
    h('p', [
      'Every difference between a witness (',
      h('i', 'W'),
      ') and this edition that is not pure layout, by document and kind. Each entry gives the place (paragraph 2.14, note 3.n6), the edition’s reading and the witness’s (',
      h('i', 'edition'),
      '] ',
      h('i', 'witness'),
      ' ',
      h('i', 'W'),
      '; ',
      h('i', 'om.'),
      ' where the edition leaves the witness’s text out, ',
      h('i', 'not in'),
      ' where it adds to it), the words around it in the witness (¦ marks an insertion point; ¶ a line break, ~ a no-break space, · a space at the edge of a reading), the reason, and the witness line and column. Routine typography is summarised by rule, with a count and the first example.',
    ]),
  ]
  for (const doc of documents) {
    const n = doc.source.number
    const place = placer(doc)
    const counts = changeCounts(doc.changes)
    body.push(h('h2', { id: `apparatus-${n}` }, `${n}. ${shownTitle(doc.meta)}`))
    for (const kind of listedKinds) {
      const changes = doc.changes.flatMap((c, k) => (c.kind === kind ? [{ ...c, id: `c${n}-${k}` }] : []))
      if (changes.length === 0) continue
      body.push(h('h3', { id: `apparatus-${n}-${kind}` }, `${kindLabels[kind]} (${changes.length})`))
      const rows = changes.map((c) =>
        h('tr', { id: `ap-${c.id}`, className: ['change'], dataKind: kind }, [placeCell(place(c.offset), n, marked.has(c.id) ? c.id : undefined), h('td', lemma(c)), h('td', { className: ['context'] }, context(doc.source.witness, c)), h('td', smarten(c.reason)), h('td', `${c.line}:${c.column}`)])
      )
      body.push(entryTable(rows, ['Place', 'Reading', 'Witness context', 'Reason', 'Line:col']))
    }
    for (const kind of ruleKinds) {
      const changes = doc.changes.filter((c) => c.kind === kind)
      if (changes.length === 0) continue
      const rules = new Map<string, Change[]>()
      for (const c of changes) rules.set(c.reason, [...(rules.get(c.reason) ?? []), c])
      body.push(h('h3', { id: `apparatus-${n}-${kind}` }, `${kindLabels[kind]}, by rule (${changes.length})`))
      const rows = [...rules].map(([rule, cs]) => {
        const first = cs[0]!
        const at = place(first.offset)
        return h('tr', { className: ['rule'], dataKind: kind, dataCount: String(cs.length) }, [
          h('td', smarten(rule)),
          h('td', String(cs.length)),
          h('td', { className: ['example'] }, [at ? placeLink(at.id, at.label) : `${n}`, ' ', ...lemma(first), ' (', h('span', { className: ['context'] }, context(doc.source.witness, first)), ')']),
        ])
      })
      body.push(entryTable(rows, ['Rule', 'Count', 'First example']))
    }
    const layout = counts.get('layout') ?? 0
    if (layout > 0) body.push(h('p', { className: ['counted'] }, `${kindLabels.layout} and spaces at the edges of lines (layout only, not listed): ${layout}.`))
  }
  return body
}
