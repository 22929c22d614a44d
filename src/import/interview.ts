/** Reader for a published interview: title, byline, preface, numbered sections, question/answer turns. */
import type { Blockquote, Paragraph, PhrasingContent, RootContent } from 'mdast'
import { z } from 'zod'
import { editText, suppliedText, witnessText } from '../witness/changes.ts'
import { content, drop, heading, isBlank, linesOf, paragraph, phrasing, startsWith, type Line } from './lines.ts'
import { pattern } from './pattern.ts'
import type { ReadInput, Reader } from './reader.ts'

const speaker = z.enum(['interviewer', 'interviewee'])
const options = z
  .object({
    bylineLang: z.string().optional(),
    preface: z.object({ startsWith: z.string() }).strict().optional(),
    credit: z.object({ startsWith: z.string() }).strict().optional(),
    /** Turns the source does not lead with a dash; each names its speaker. */
    unmarkedTurns: z.array(z.object({ startsWith: z.string(), speaker }).strict()).default([]),
    sectionPattern: pattern.default('^[IVXLC]+\\.\\s+\\S'),
  })
  .strict()

type Options = z.infer<typeof options>
type Speaker = z.infer<typeof speaker>

const label: Record<Speaker, string> = { interviewer: 'Q.', interviewee: 'A.' }
const turnDash = /^\s*-\s/
const opensQuote = /^["“]/
const introducesQuote = /[:\-–—]\s*$/

function read(input: ReadInput<Options>) {
  const { witness, options: o, log } = input
  const section = new RegExp(o.sectionPattern)
  const children: RootContent[] = []
  let phase: 'title' | 'byline' | 'preface' | 'body' = 'title'
  let current: Speaker = 'interviewee'
  // Dash-led turns alternate among themselves; declared unmarked turns do not shift that alternation.
  let led: Speaker = 'interviewee'
  let previous: Line | undefined

  for (const line of linesOf(witness)) {
    if (isBlank(line)) continue
    const c = content(line)
    const after = previous
    previous = line
    if (phase === 'title') {
      children.push(heading(1, phrasing(witness, c.from, c.to)))
      phase = 'byline'
      continue
    }
    if (phase === 'byline' && !(o.preface && startsWith(c.text, o.preface.startsWith)) && !section.test(c.text)) {
      children.push(paragraph(phrasing(witness, c.from, c.to), ['byline'], o.bylineLang ? { lang: o.bylineLang } : {}))
      continue
    }
    if (phase !== 'body' && !section.test(c.text)) {
      phase = 'preface'
      children.push(paragraph(phrasing(witness, c.from, c.to), ['preface']))
      continue
    }
    phase = 'body'
    if (section.test(c.text)) {
      children.push(heading(2, phrasing(witness, c.from, c.to)))
      continue
    }
    if (o.credit && startsWith(c.text, o.credit.startsWith)) {
      children.push(paragraph(phrasing(witness, c.from, c.to), ['credit']))
      continue
    }
    const dash = turnDash.exec(line.text)
    const unmarked = o.unmarkedTurns.find((t) => startsWith(c.text, t.startsWith))
    if (dash) {
      led = led === 'interviewer' ? 'interviewee' : 'interviewer'
      current = led
      const signAt = line.start + dash[0].indexOf('-')
      const sign = witnessText('-', signAt)
      // The dash is the source's turn sign; the edition shows who speaks instead.
      editText(sign, log, 0, 1, label[current], 'markup', `turn dash replaced by the speaker label “${label[current]}” (${current})`)
      children.push(turn(current, [{ type: 'strong', children: [sign] }, ...phrasing(witness, signAt + 1, c.to)]))
      continue
    }
    if (unmarked) {
      const who = unmarked.speaker
      current = who
      // An editorial judgement, not a sign of the source: shown in the edition's sign and listed in the apparatus.
      const supplied = suppliedText(label[who], c.from, log, `speaker label “${label[who]}” (${who}) supplied: the source does not lead this turn with a dash`, 'after')
      children.push(turn(who, [{ type: 'strong', children: [supplied.words] }, supplied.nodes[1]!, ...phrasing(witness, c.from, c.to)]))
      continue
    }
    const text = phrasing(witness, c.from, c.to)
    const last = children.at(-1)
    if (opensQuote.test(c.text) && after && introducesQuote.test(after.text)) {
      const quote: Blockquote = { type: 'blockquote', children: [paragraph(text)], data: turnData(current) }
      children.push(quote)
      continue
    }
    if (last === undefined) continue
    children.push(turn(current, text))
  }
  return { type: 'root' as const, children }
}

function turnData(who: Speaker) {
  return { hProperties: { className: ['turn', who] } }
}

function turn(who: Speaker, children: PhrasingContent[]): Paragraph {
  return { type: 'paragraph', children, data: turnData(who) }
}

export const interview: Reader<typeof options> = { options, read }
