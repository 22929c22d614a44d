/**
 * The apparatus as data (`Apparatus`, made once in the model) and its markup (`apparatusContent`, which every
 * writer sets): each change from witness to edition that is not pure layout, by document and kind, keyed by the
 * citable number of its place, with its context in the witness; routine typography summarised by rule (count and
 * first example); the readings retained.
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

/** The apparatus: each document's changes by kind. */
export interface Apparatus {
  documents: ApparatusDocument[]
}

export interface ApparatusDocument {
  number: number
  title: string
  /** The kinds listed change by change (`listedKinds`), those the document has, each with its changes. */
  listed: Array<{ kind: ChangeKind; changes: ApparatusChange[] }>
  /** The routine kinds (`ruleKinds`) the document has: each rule (the change's reason), how often it applied, its first change. */
  rules: Array<{ kind: ChangeKind; count: number; rules: Array<{ rule: string; count: number; first: ApparatusChange }> }>
  /** How many changes were layout only (not listed). */
  layout: number
}

/** One change as the apparatus shows it. */
export interface ApparatusChange {
  /** The change's id (`c<document>-<k>`): its row's is `ap-<id>`. */
  id: string
  /** Where it stands in the edition: what the place links to (the change's mark in the text, or its block) and the label a reader cites; none when it has none. */
  place?: { target: string; label: string }
  /** The edition's reading and the witness's, invisible characters shown as signs; empty where there is none (om., not in). */
  edition: string
  witness: string
  /** The words of the witness around it, on its line: before it, its reading (none at an insertion point), after it. */
  context: { before: string; reading?: string; after: string }
  reason: string
  line: number
  column: number
}

/**
 * Show invisible characters of a change as visible signs: ¶ a line break, ~ a no-break space, · a space at either
 * end. Signs the shipped fonts have, so that no other font fills in (the PDF embeds only those).
 */
function visible(text: string): string {
  return visibleControls(text).replace(/\r\n|\r|\n/g, '¶').replace(/\u00a0/g, '~').replace(/^ +| +$/g, (m) => '·'.repeat(m.length))
}

/** The words of the witness around a change, on its line: enough to find the place. */
function context(witness: string, c: Change): ApparatusChange['context'] {
  // Lines end with LF, CRLF or CR alone.
  const lineStart = Math.max(witness.lastIndexOf('\n', c.offset - 1), witness.lastIndexOf('\r', c.offset - 1)) + 1
  const after = witness.slice(c.offset + c.before.length).search(/[\r\n]/)
  const end = after === -1 ? witness.length : c.offset + c.before.length + after
  const left = witness.slice(lineStart, c.offset)
  const right = witness.slice(c.offset + c.before.length, end)
  const cutLeft = left.length > 40 ? '…' + left.slice(left.indexOf(' ', left.length - 40) + 1) : left
  const cutRight = right.length > 40 ? right.slice(0, Math.max(right.lastIndexOf(' ', 40), 1)) + '…' : right
  return { before: visibleControls(cutLeft), ...(c.before !== '' && { reading: visible(c.before) }), after: visibleControls(cutRight) }
}

/**
 * The apparatus of these documents. `marked`: ids (`c<document>-<k>`, k the change's position in its document's
 * record) of the changes the texts mark: their places link to the marks.
 */
export function apparatusOf(documents: EditionDocument[], marked: Set<string> = new Set()): Apparatus {
  return {
    documents: documents.map((doc): ApparatusDocument => {
      const n = doc.source.number
      const place = placer(doc)
      const view = (c: Change, id: string, mark?: string): ApparatusChange => {
        const at = place(c.offset)
        return { id, ...(at && { place: { target: mark ?? at.id, label: at.label } }), edition: visible(c.after), witness: visible(c.before), context: context(doc.source.witness, c), reason: smarten(c.reason), line: c.line, column: c.column }
      }
      const listed = listedKinds.flatMap((kind) => {
        const changes = doc.changes.flatMap((c, k) => (c.kind === kind ? [view(c, `c${n}-${k}`, marked.has(`c${n}-${k}`) ? `c${n}-${k}` : undefined)] : []))
        return changes.length === 0 ? [] : [{ kind, changes }]
      })
      const rules = ruleKinds.flatMap((kind) => {
        const byRule = new Map<string, Array<{ c: Change; k: number }>>()
        doc.changes.forEach((c, k) => c.kind === kind && byRule.set(c.reason, [...(byRule.get(c.reason) ?? []), { c, k }]))
        const count = [...byRule.values()].reduce((sum, cs) => sum + cs.length, 0)
        return count === 0 ? [] : [{ kind, count, rules: [...byRule].map(([rule, cs]) => ({ rule: smarten(rule), count: cs.length, first: view(cs[0]!.c, `c${n}-${cs[0]!.k}`) })) }]
      })
      return { number: n, title: shownTitle(doc.meta), listed, rules, layout: changeCounts(doc.changes).get('layout') ?? 0 }
    }),
  }
}

/** The id of a document's section of the apparatus, and of one kind's within it. */
export const apparatusId = (document: number, kind?: ChangeKind) => (kind ? `apparatus-${document}-${kind}` : `apparatus-${document}`)

/** The headings of the apparatus (depth 2, a document; 3, a kind), for contents and outlines. */
export function apparatusSections(apparatus: Apparatus): Array<{ id: string; title: string; depth: 2 | 3 }> {
  return apparatus.documents.flatMap((d) => [
    { id: apparatusId(d.number), title: `${d.number}. ${d.title}`, depth: 2 as const },
    ...d.listed.map((l) => ({ id: apparatusId(d.number, l.kind), title: `${kindLabels[l.kind]} (${l.changes.length})`, depth: 3 as const })),
    ...d.rules.map((r) => ({ id: apparatusId(d.number, r.kind), title: `${kindLabels[r.kind]}, by rule (${r.count})`, depth: 3 as const })),
  ])
}

/** The context as set: the reading marked, an insertion point shown. */
function contextMarkup({ before, reading, after }: ApparatusChange['context']): Array<ElementContent | string> {
  return [before, reading === undefined ? h('span', { className: ['insertion-point'], title: 'insertion point' }, '¦') : h('mark', reading), after]
}

/** The entry's reading in the classic form: edition's reading ] witness's reading W. */
function lemma(c: ApparatusChange): Array<ElementContent | string> {
  return [
    c.edition === '' ? h('i', 'om.') : h('span', { className: ['edition-reading'] }, c.edition),
    '] ',
    c.witness === '' ? h('i', 'not in') : h('span', { className: ['witness-reading'] }, c.witness),
    ' ',
    h('i', 'W'),
  ]
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

/** The apparatus as markup (after its title heading, which is the part's): what every writer sets. */
export function apparatusContent(apparatus: Apparatus): ElementContent[] {
  const body: ElementContent[] = [
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
  for (const doc of apparatus.documents) {
    const n = doc.number
    body.push(h('h2', { id: apparatusId(n) }, `${n}. ${doc.title}`))
    for (const { kind, changes } of doc.listed) {
      body.push(h('h3', { id: apparatusId(n, kind) }, `${kindLabels[kind]} (${changes.length})`))
      const rows = changes.map((c) =>
        h('tr', { id: `ap-${c.id}`, className: ['change'], dataKind: kind }, [h('td', { className: ['place'] }, c.place ? placeLink(c.place.target, c.place.label) : `${n}`), h('td', lemma(c)), h('td', { className: ['context'] }, contextMarkup(c.context)), h('td', c.reason), h('td', `${c.line}:${c.column}`)])
      )
      body.push(entryTable(rows, ['Place', 'Reading', 'Witness context', 'Reason', 'Line:col']))
    }
    for (const { kind, count, rules } of doc.rules) {
      body.push(h('h3', { id: apparatusId(n, kind) }, `${kindLabels[kind]}, by rule (${count})`))
      const rows = rules.map(({ rule, count, first }) =>
        h('tr', { className: ['rule'], dataKind: kind, dataCount: String(count) }, [
          h('td', rule),
          h('td', String(count)),
          h('td', { className: ['example'] }, [first.place ? placeLink(first.place.target, first.place.label) : `${n}`, ' ', ...lemma(first), ' (', h('span', { className: ['context'] }, contextMarkup(first.context)), ')']),
        ])
      )
      body.push(entryTable(rows, ['Rule', 'Count', 'First example']))
    }
    if (doc.layout > 0) body.push(h('p', { className: ['counted'] }, `${kindLabels.layout} and spaces at the edges of lines (layout only, not listed): ${doc.layout}.`))
  }
  return body
}
