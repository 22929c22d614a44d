/**
 * The spacing of a PDF's body text, as a reader sees it: from `pdftotext -bbox-layout`, the gaps between the
 * words of each full line of body text against the natural word space of the same type.
 */
import { run } from './run.ts'

export interface WordGaps {
  /** Full body lines measured (lines that reach the column's right edge and do not end a block). */
  lines: number
  /** The natural word space (pt): the median gap of the body lines that end ragged (a block's last line). */
  natural: number
  /** Median of all gaps on full lines, as a multiple of the natural space. */
  median: number
  /** Share (0–1) of full lines with at least one gap wider than twice the natural space. */
  loose: number
  /** Characters per full line (words and the spaces between them): median, 5th and 95th percentile. */
  chars: { median: number; low: number; high: number }
  /** Lines that end in a hyphen (soft, or the text's own) with the word going on below, over the pages measured. */
  hyphenated: number
}

interface Word {
  x0: number
  x1: number
  text: string
  /** As pdftotext gives it, with any soft hyphen. */
  raw: string
}
interface Line {
  page: number
  /** Height of the words: the type size times the font's ascent plus descent. */
  size: number
  x0: number
  x1: number
  words: Word[]
  /** The last line of its block (pdftotext's blocks are the paragraphs), and of the page's last block. */
  last: boolean
  pageEnd: boolean
}

/** `pages`: first and last page to measure (the body text, without title pages, contents, index). */
export async function measureWordGaps(pdf: string, pages: { first: number; last: number }): Promise<WordGaps> {
  const r = await run('pdftotext', ['-f', String(pages.first), '-l', String(pages.last), '-bbox-layout', pdf, '-'])
  if (r.missing || r.code !== 0) throw new Error(`pdftotext did not run on ${pdf}: ${r.missing ? 'apt-get install -y poppler-utils' : r.stderr.trim()}`)
  return wordGaps(r.stdout)
}

export function wordGaps(xhtml: string): WordGaps {
  const lines = linesOf(xhtml)
  // Body text is the type size most lines have; notes, block quotes, headings and page furniture differ.
  const sizes = new Map<number, number>()
  for (const l of lines) sizes.set(l.size, (sizes.get(l.size) ?? 0) + 1)
  const body = [...sizes].sort((a, b) => b[1] - a[1])[0]?.[0]
  const bodyLines = lines.filter((l) => l.size === body && l.words.length > 1)
  // A full line is one the layout broke, not the paragraph's end; a paragraph's last line is set with natural
  // spaces — but the page's last line may be a paragraph that goes on overleaf, justified.
  const full = bodyLines.filter((l) => !l.last)
  const ragged = bodyLines.filter((l) => l.last && !l.pageEnd)
  const gapsOf = (l: Line) => l.words.slice(1).map((w, i) => w.x0 - l.words[i]!.x1)
  const naturalGaps = ragged.flatMap(gapsOf)
  const rough = median(naturalGaps)
  // A gap under half a space is no word space: a note call or a change of style inside a word.
  const spaces = (l: Line) => gapsOf(l).filter((g) => g > rough / 2)
  const natural = median(naturalGaps.filter((g) => g > rough / 2))
  const fullGaps = full.map(spaces)
  const chars = full.map((l) => l.words.reduce((n, w) => n + [...w.text].length, 0) + l.words.length - 1).sort((a, b) => a - b)
  return {
    lines: full.length,
    natural,
    median: median(fullGaps.flat()) / natural,
    loose: full.length === 0 ? 0 : fullGaps.filter((gs) => gs.some((g) => g > 2 * natural)).length / full.length,
    chars: { median: percentile(chars, 0.5), low: percentile(chars, 0.05), high: percentile(chars, 0.95) },
    hyphenated: hyphenatedEnds(lines),
  }
}

/** A line ending in a letter and a hyphen, the next line beginning with a lower-case letter: a hyphenated word. */
function hyphenatedEnds(lines: Line[]): number {
  let n = 0
  for (let i = 0; i + 1 < lines.length; i++) {
    const end = lines[i]!.words.at(-1)?.raw ?? ''
    const next = lines[i + 1]!.words[0]?.text ?? ''
    if (!lines[i]!.last && /\p{L}(\u00ad-?|-)$/u.test(end) && /^\p{Ll}/u.test(next)) n++
  }
  return n
}

function linesOf(xhtml: string): Line[] {
  const lines: Line[] = []
  let page = 0
  const attr = (tag: string, name: string) => Number(new RegExp(`${name}="([^"]+)"`).exec(tag)![1])
  for (const pageText of xhtml.split('<page ').slice(1)) {
    page++
    const blocks = pageText.split('<block ').slice(1)
    blocks.forEach((block, b) => {
      const blockLines = block.split('<line ').slice(1)
      blockLines.forEach((lineText, i) => {
        // A soft hyphen left in the text ends a line the layout hyphenated; it is no character of the line.
        const words = Array.from(lineText.matchAll(/<word ([^>]*)>([^<]*)<\/word>/g), (m) => ({ x0: attr(m[1]!, 'xMin'), x1: attr(m[1]!, 'xMax'), raw: unescape(m[2]!), text: unescape(m[2]!).replace(/\u00ad/g, '') }))
        const head = lineText.slice(0, lineText.indexOf('>'))
        if (words.length === 0) return
        const size = Math.round((attr(head, 'yMax') - attr(head, 'yMin')) * 10) / 10
        lines.push({ page, size, x0: words[0]!.x0, x1: words.at(-1)!.x1, words, last: i === blockLines.length - 1, pageEnd: b === blocks.length - 1 })
      })
    })
  }
  return lines
}

function unescape(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
}

function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 0.5)
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!
}
