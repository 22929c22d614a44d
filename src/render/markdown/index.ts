/** The Markdown writer: each document's normalised Markdown as `markdown/<nn>-<slug>.md`. */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { toMarkdown } from '../../edition/markdown.ts'
import type { WriteContext } from '../writer.ts'

export default async function writeMarkdown(ctx: WriteContext) {
  // Documents no longer in the edition must not linger.
  rmSync(join(ctx.staging, 'markdown'), { recursive: true, force: true })
  for (const d of ctx.edition.documents) ctx.write(`markdown/${d.source.slug}.md`, toMarkdown(d))
}
