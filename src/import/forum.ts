/** Reader for a forum thread page: site chrome, the post (introduction and quoted excerpt) and a reply. */
import type { RootContent } from 'mdast'
import { z } from 'zod'
import { suppliedText } from '../witness/changes.ts'
import { content, drop, heading, isBlank, linesOf, paragraph, phrasing, startsWith } from './lines.ts'
import type { ReadInput, Reader } from './reader.ts'

const removal = z.object({ line: z.string(), reason: z.string() }).strict()
const options = z
  .object({
    chrome: z.array(removal).default([]),
    captions: z.array(removal).default([]),
    excerpt: z.object({ startsWith: z.string(), source: z.string() }).strict().optional(),
    reply: z.object({ startsWith: z.string(), heading: z.string().default('Reply by a forum user') }).strict().optional(),
  })
  .strict()

type Options = z.infer<typeof options>

function read(input: ReadInput<Options>) {
  const { witness, options: o, log } = input
  const children: RootContent[] = []
  let part: 'title' | 'post' | 'excerpt' | 'reply' = 'title'
  for (const line of linesOf(witness)) {
    if (isBlank(line)) continue
    const c = content(line)
    const removed = [...o.chrome, ...o.captions].find((r) => r.line === c.text)
    if (removed) {
      drop(log, witness, c.from, c.to, 'chrome', removed.reason)
      continue
    }
    const text = phrasing(witness, c.from, c.to)
    if (part === 'title') {
      children.push(heading(1, text))
      part = 'post'
      continue
    }
    if (o.excerpt && part === 'post' && startsWith(c.text, o.excerpt.startsWith)) part = 'excerpt'
    if (o.reply && part !== 'reply' && startsWith(c.text, o.reply.startsWith)) {
      part = 'reply'
      children.push(heading(2, suppliedText(o.reply.heading, c.from, log, 'separates the reply from the post it answers').nodes, ['supplied']))
    }
    if (part === 'excerpt') {
      const last = children.at(-1)
      if (last?.type === 'blockquote') last.children.push(paragraph(text))
      else
        children.push({
          type: 'blockquote',
          children: [paragraph(text)],
          data: { hProperties: { className: ['excerpt'], title: `Excerpt quoted from ${o.excerpt!.source}` } },
        })
      continue
    }
    children.push(paragraph(text, [part]))
  }
  return { type: 'root' as const, children }
}

export const forum: Reader<typeof options> = { options, read }
