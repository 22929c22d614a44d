/** Reader for an essay with bare-digit endnote markers, an unnumbered "Notes" list and reader comments. */
import type { FootnoteDefinition, PhrasingContent, RootContent } from 'mdast'
import { z } from 'zod'
import { suppliedText } from '../witness/changes.ts'
import { content, heading, isBlank, linesOf, notesHeading, paragraph, phrasing, type Line } from './lines.ts'
import { failAt, type ReadInput, type Reader } from './reader.ts'

const options = z
  .object({
    notesHeading: z.string().default('Notes'),
    /** A paragraph after one that ends with a colon is a block quotation. */
    quoteAfterColon: z.boolean().default(true),
    /** A line with at most this many words and no closing punctuation is a subheading. */
    maxHeadingWords: z.number().int().positive().default(12),
    commentsHeading: z.string().default('Reader comments'),
    /**
     * The reader comments at the end (the source marks neither where its notes end nor where one comment ends):
     * how many lines, each its own comment, or the editor's division, the lines of each comment in order, with
     * the reason for it (a judgement, listed in the apparatus).
     */
    comments: z
      .union([z.number().int().min(0), z.object({ lines: z.array(z.number().int().positive()).min(1), reason: z.string().min(1) }).strict()])
      .default(0),
  })
  .strict()

type Options = z.infer<typeof options>

/** A note number written straight after a word or closing punctuation: `deprivation.1`, `“The Guerillas,”6`. */
const markerCandidate = /(?<=[\p{L}.,;:!?”’")\]])(\d{1,3})(?=[\s.,;:!?)]|$)/gu

function read(input: ReadInput<Options>) {
  const { witness, options: o, log } = input
  const lines = linesOf(witness).filter((l) => !isBlank(l))
  const notesAt = lines.findIndex((l) => l.text.trim() === o.notesHeading)
  const body = notesAt === -1 ? lines : lines.slice(0, notesAt)
  const children: RootContent[] = [
    heading(1, suppliedText(input.title, 0, log, 'the source gives no title; the title is supplied by the editor').nodes, ['supplied']),
  ]
  let next = 1
  const markerOffsets: number[] = []
  let previous: Line | undefined
  for (const line of body) {
    const c = content(line)
    if (isHeading(c.text, o.maxHeadingWords)) {
      children.push(heading(2, phrasing(witness, c.from, c.to)))
    } else {
      const { nodes, count } = withMarkers(input, c.from, c.to, next, markerOffsets)
      next += count
      const quote = o.quoteAfterColon && previous !== undefined && /:\s*$/.test(previous.text)
      children.push(quote ? { type: 'blockquote', children: [paragraph(nodes)] } : paragraph(nodes))
    }
    previous = line
  }
  const markers = next - 1
  if (notesAt === -1) {
    if (markers > 0) failAt(input, witness.length, `${markers} note markers but no “${o.notesHeading}” line`, 'F-IMPORT-003', `add the notes under a line “${o.notesHeading}”, or set options.notesHeading`)
    return { type: 'root' as const, children }
  }
  const notesLine = content(lines[notesAt]!)
  children.push(notesHeading(2, phrasing(witness, notesLine.from, notesLine.to)))
  const after = lines.slice(notesAt + 1)
  const division = typeof o.comments === 'number' ? { lines: Array.from({ length: o.comments }, () => 1), reason: undefined } : o.comments
  const commentLines = division.lines.reduce((n, k) => n + k, 0)
  const noteLines = after.slice(0, Math.max(0, after.length - commentLines))
  if (noteLines.length < markers)
    failAt(input, markerOffsets[noteLines.length]!, `note marker ${noteLines.length + 1} has no note: the “${o.notesHeading}” list has ${noteLines.length} entries`, 'F-IMPORT-003', 'restore the missing note, or check options.comments')
  if (noteLines.length > markers)
    failAt(input, noteLines[markers]!.start, `note ${markers + 1} has no marker in the text (${markers} markers found)`, 'F-IMPORT-004', 'check the witness for a lost marker, or count this line as a comment in options.comments')
  const definitions: FootnoteDefinition[] = noteLines.map((line, i) => {
    const c = content(line)
    return { type: 'footnoteDefinition', identifier: String(i + 1), label: String(i + 1), children: [paragraph(phrasing(witness, c.from, c.to))] }
  })
  const comments = after.slice(noteLines.length)
  if (comments.length > 0) {
    const at = comments[0]!.start
    children.push(heading(2, suppliedText(o.commentsHeading, at, log, 'reader comments on the source page, separated from the essay').nodes, ['supplied', 'comments-heading']))
    let first = 0
    division.lines.forEach((count, i) => {
      const lines = comments.slice(first, first + count)
      first += count
      if (lines.length === 0) return
      const span = count === 1 ? `witness line ${log.point(lines[0]!.start).line}` : `witness lines ${log.point(lines[0]!.start).line}–${log.point(lines.at(-1)!.start).line}`
      const reason = `label for an anonymous reader comment (${span})${division.reason && count > 1 ? `; the division is the editors' judgement: ${division.reason}` : ''}`
      children.push(heading(3, suppliedText(`Comment ${i + 1}`, lines[0]!.start, log, reason).nodes, ['supplied']))
      for (const line of lines) {
        const c = content(line)
        children.push(paragraph(phrasing(witness, c.from, c.to), ['comment']))
      }
    })
  }
  return { type: 'root' as const, children: [...children, ...definitions] }
}

function isHeading(text: string, maxWords: number): boolean {
  return text.split(/\s+/).length <= maxWords && !/[.!?,;:"”’)\d]$/.test(text)
}

/** Split a paragraph at the markers numbered `first`, `first + 1`, …; other numbers stay text. */
function withMarkers(input: ReadInput<Options>, from: number, to: number, first: number, offsets: number[]): { nodes: PhrasingContent[]; count: number } {
  const { witness, log } = input
  const nodes: PhrasingContent[] = []
  let expected = first
  let at = from
  for (const m of witness.slice(from, to).matchAll(markerCandidate)) {
    if (Number(m[1]) !== expected) continue
    const start = from + m.index
    nodes.push(...phrasing(witness, at, start))
    offsets.push(start)
    log.record('note-marker', start, m[1]!, '', `note marker ${m[1]} linked to note ${m[1]} of the “Notes” list`)
    nodes.push({ type: 'footnoteReference', identifier: m[1]!, label: m[1]! })
    at = start + m[1]!.length
    expected++
  }
  nodes.push(...phrasing(witness, at, to))
  return { nodes, count: expected - first }
}

export const essay: Reader<typeof options> = { options, read }
