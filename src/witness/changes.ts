/** The fidelity record: every difference between a witness and the edition text is a Change made here. */
import type { Text, TextData } from 'mdast'

export type ChangeKind =
  | 'layout' // line breaks and blank lines between blocks, trailing spaces
  | 'markup' // source-specific structure signs replaced by edition structure (bullets, turn dashes, numbering)
  | 'chrome' // web-page furniture removed (navigation, taglines, edit links, orphaned captions)
  | 'note-marker' // an author's note marker turned into a note reference
  | 'unicode' // canonical composition (NFC)
  | 'whitespace' // doubled or non-breaking spaces inside a paragraph
  | 'typography' // quotes, apostrophes, dashes, ellipses
  | 'homoglyph' // a letter of another script inside a word
  | 'emendation' // a declared correction of an evident typo
  | 'supplied' // editorial text inserted in the edition's sign ‹ › (supplied titles, labels, flags)
  | 'control' // a control character XML forbids shown as ‹U+001B›; a bidirectional control kept and recorded
  | 'sic' // a ‹sic› mark after a source error the edition keeps (a reading retained)

export interface Change {
  kind: ChangeKind
  /** 0-based offset in the witness where `before` starts (or where `after` is inserted). */
  offset: number
  line: number
  column: number
  before: string
  after: string
  reason: string
}

declare module 'mdast' {
  interface TextData {
    /** Witness offsets for each character of the text; -1 for characters an edit inserted. */
    map?: number[]
    /** Editorial text that is not in the witness (supplied titles, flags); writers mark it as supplied. */
    supplied?: boolean
  }
}

/** Collects the changes of one document; turns witness offsets into line:column. */
export class ChangeLog {
  readonly changes: Change[] = []
  constructor(private readonly lineStarts: number[]) {}

  record(kind: ChangeKind, offset: number, before: string, after: string, reason: string): Change {
    const { line, column } = this.point(offset)
    const change = { kind, offset, line, column, before, after, reason }
    this.changes.push(change)
    return change
  }

  point(offset: number): { line: number; column: number } {
    return pointAt(this.lineStarts, offset)
  }
}

/** Line and column (from 1) of `offset`, given the offsets where lines start. */
export function pointAt(lineStarts: number[], offset: number): { line: number; column: number } {
  let lo = 0
  let hi = lineStarts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (lineStarts[mid]! <= offset) lo = mid
    else hi = mid - 1
  }
  return { line: lo + 1, column: offset - lineStarts[lo]! + 1 }
}

/** A line end: LF, CRLF, or CR alone (the line end of old Mac OS files). */
export const lineEnds = /\r\n|\r|\n/g

export function lineStartsOf(text: string): number[] {
  const starts = [0]
  for (const end of text.matchAll(lineEnds)) starts.push(end.index + end[0].length)
  return starts
}

/**
 * The map of inserted text: -1 for each UTF-16 unit, as `value.length` counts them (not per code point: an astral
 * character, e.g. the one NFC makes of U+2F8CA, is two).
 */
function inserted(value: string): number[] {
  return new Array<number>(value.length).fill(-1)
}

/** A text node copied verbatim from witness[from, from + value.length). */
export function witnessText(value: string, from: number): Text {
  const map: number[] = []
  for (let i = 0; i < value.length; i++) map.push(from + i)
  return { type: 'text', value, data: { map } }
}

/**
 * The edition's one sign for editorial insertions, in every output: ‹ › (U+2039, U+203A). The witnesses may not
 * contain it (the build refuses one that does), so a quotation from any format keeps the edition's words apart
 * from the sources' own square brackets.
 */
export const suppliedSign = { open: '\u2039', close: '\u203a' } as const

/** Editorial words in the edition's sign: ‹words›. */
export function inSign(words: string): string {
  return suppliedSign.open + words + suppliedSign.close
}

/** A document's title as the edition shows it: in the sign when the editors supplied it. */
export function shownTitle(meta: { title: string; titleSupplied?: boolean }): string {
  return meta.titleSupplied ? inSign(meta.title) : meta.title
}

/**
 * Supplied editorial words, in the edition's sign, inserted at witness `offset` and recorded as one change
 * (with the space that sets them off, when `space` says where it goes). Returns the text nodes in order; the
 * worded node is the one marked as supplied for writers.
 */
export function suppliedText(words: string, offset: number, log: ChangeLog, reason: string, space?: 'before' | 'after', kind: 'supplied' | 'sic' = 'supplied'): { nodes: Text[]; words: Text } {
  const value = inSign(words)
  log.record(kind, offset, '', space === 'before' ? ` ${value}` : space === 'after' ? `${value} ` : value, reason)
  const worded: Text = { type: 'text', value, data: { map: inserted(value), supplied: true } }
  const gap: Text = { type: 'text', value: ' ', data: { map: [-1], supplied: true } }
  return { nodes: space === 'before' ? [gap, worded] : space === 'after' ? [worded, gap] : [worded], words: worded }
}

/**
 * Text that is not in the witness, recorded as an insertion at `offset`: supplied editorial text (shown
 * as such by writers) or an edition-side replacement of a source sign (e.g. a speaker label for a dash).
 */
export function insertedText(
  value: string,
  offset: number,
  log: ChangeLog,
  kind: ChangeKind,
  reason: string
): Text {
  log.record(kind, offset, '', value, reason)
  const data: TextData = { map: inserted(value), supplied: kind === 'supplied' }
  return { type: 'text', value, data }
}


/**
 * Replace value[start, end) of a witness text node with `after`, recording the change at the witness offset
 * of the first replaced character. The only way plugins may alter edition text.
 */
export function editText(
  node: Text,
  log: ChangeLog,
  start: number,
  end: number,
  after: string,
  kind: ChangeKind,
  reason: string
): void {
  const map = node.data?.map
  if (!map || map.length !== node.value.length) throw new Error('editText: text node has no witness map')
  const replaced = map.slice(start, end)
  if (replaced.some((o) => o < 0)) throw new Error('editText: overlapping edits on inserted text')
  const offset = replaced.length > 0 ? replaced[0]! : anchorOffset(map, start)
  log.record(kind, offset, node.value.slice(start, end), after, reason)
  node.value = node.value.slice(0, start) + after + node.value.slice(end)
  map.splice(start, end - start, ...inserted(after))
}

/** Where an insertion at `index` lands in the witness: just after the preceding witness character. */
function anchorOffset(map: number[], index: number): number {
  for (let i = index - 1; i >= 0; i--) if (map[i]! >= 0) return map[i]! + 1
  for (let i = index; i < map.length; i++) if (map[i]! >= 0) return map[i]!
  return 0
}
