/** What every reader needs from a witness: its lines with offsets, and blocks built from witness ranges. */
import type {} from 'mdast-util-to-hast'
import type { Properties } from 'hast'
import type { Heading, Paragraph, PhrasingContent } from 'mdast'
import { fold } from '../witness/fold.ts'
import { lineEnds, witnessText, type ChangeLog } from '../witness/changes.ts'

export interface Line {
  /** 1-based line number. */
  number: number
  /** Offset of the first character of the line in the witness. */
  start: number
  /** The line without its line break. */
  text: string
}

/** Lines end with LF, CRLF or a lone CR (old Mac OS files); the line ends are in no line's text. */
export function linesOf(witness: string): Line[] {
  const lines: Line[] = []
  let start = 0
  for (const end of witness.matchAll(lineEnds)) {
    lines.push({ number: lines.length + 1, start, text: witness.slice(start, end.index) })
    start = end.index + end[0].length
  }
  lines.push({ number: lines.length + 1, start, text: witness.slice(start) })
  return lines
}

/** The line's content without surrounding whitespace, as [from, to) witness offsets. */
export function content(line: Line): { text: string; from: number; to: number } {
  const lead = line.text.length - line.text.trimStart().length
  const text = line.text.trim()
  return { text, from: line.start + lead, to: line.start + lead + text.length }
}

export function isBlank(line: Line): boolean {
  return line.text.trim() === ''
}

/** A witness range as phrasing content. */
export function phrasing(witness: string, from: number, to: number): PhrasingContent[] {
  return from < to ? [witnessText(witness.slice(from, to), from)] : []
}

export function paragraph(children: PhrasingContent[], classes: string[] = [], extra: Properties = {}): Paragraph {
  return { type: 'paragraph', children, data: hData(classes, extra) }
}

export function heading(depth: 1 | 2 | 3 | 4, children: PhrasingContent[], classes: string[] = []): Heading {
  return { type: 'heading', depth, children, data: hData(classes) }
}

declare module 'mdast' {
  interface HeadingData {
    /** The source's own heading over its notes (the wiki's “References”, the essay's “Notes”): the model lists the notes under it. */
    notesHeading?: boolean
  }
}

/** The source's own heading over its notes. */
export function notesHeading(depth: 2 | 3 | 4, children: PhrasingContent[]): Heading {
  return { type: 'heading', depth, children, data: { notesHeading: true } }
}

/** Classes and attributes that remark-rehype carries onto the HTML element. */
export function hData(classes: string[], extra: Properties = {}): { hProperties?: Properties } {
  const props: Properties = { ...extra }
  if (classes.length > 0) props.className = classes
  return Object.keys(props).length > 0 ? { hProperties: props } : {}
}

/** Remove a source sign (a bullet, a dash, an edit link) from the edition, recording why. */
export function drop(log: ChangeLog, witness: string, from: number, to: number, kind: 'markup' | 'chrome', reason: string): void {
  if (from < to) log.record(kind, from, witness.slice(from, to), '', reason)
}

/** Starts-with matching used by shape options, tolerant of typographic variants. */
export function startsWith(text: string, prefix: string): boolean {
  return fold(text).startsWith(fold(prefix))
}
