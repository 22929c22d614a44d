/** Reader for a wiki page export: title, infobox, sections with edit links, bullets, numbered references. */
import type { FootnoteDefinition, List, ListItem, PhrasingContent, RootContent } from 'mdast'
import { z } from 'zod'
import { editText, insertedText, suppliedText, witnessText } from '../witness/changes.ts'
import { content, drop, heading, isBlank, linesOf, notesHeading, paragraph, phrasing, startsWith } from './lines.ts'
import { failAt, type ReadInput, type Reader } from './reader.ts'

const options = z
  .object({
    chrome: z.array(z.object({ line: z.string(), reason: z.string() }).strict()).default([]),
    editLinks: z.string().default('[edit | edit source]'),
    infobox: z.object({ keys: z.array(z.string()) }).strict().default({ keys: [] }),
    headingLevels: z.record(z.string(), z.number().int().min(2).max(4)).default({}),
    referencesHeading: z.string().default('References'),
  })
  .strict()

type Options = z.infer<typeof options>

const bullet = /^\s*•\s+/
const referenceLine = /^\s*(\d+)\.\s+/
/** `[n]` after text, but not `([n])`, which is a link label whose target was lost. */
const marker = /(?<!\()\[(\d+)\](?!\))/g

function read(input: ReadInput<Options>) {
  const { witness, options: o, log } = input
  const lines = linesOf(witness)
  const children: RootContent[] = []
  const definitions: FootnoteDefinition[] = []
  let list: List | undefined
  let inReferences = false
  let infoboxCaption = false
  const used: Array<{ id: string; offset: number }> = []

  lines.forEach((line, index) => {
    if (isBlank(line)) return
    const c = content(line)
    if (children.length === 0) {
      children.push(heading(1, phrasing(witness, c.from, c.to)))
      infoboxCaption = true
      return
    }
    const chrome = o.chrome.find((ch) => ch.line === c.text)
    if (chrome) return drop(log, witness, c.from, c.to, 'chrome', chrome.reason)

    const key = o.infobox.keys.find((k) => startsWith(c.text, k) && c.text.length > k.length)
    if (key) {
      // Keys are typed with plain spaces; the export may have a non-breaking one, of the same length.
      const value = witnessText(witness.slice(c.from + key.length, c.to), c.from + key.length)
      editText(value, log, 0, 0, ': ', 'markup', 'separator between infobox field and value (run together in the export)')
      const item: ListItem = {
        type: 'listItem',
        spread: false,
        children: [paragraph([{ type: 'strong', children: phrasing(witness, c.from, c.from + key.length) }, value])],
      }
      list = appendItem(children, list, item, 'infobox')
      return
    }
    if (infoboxCaption && o.infobox.keys.some((k) => startsWith(lines[index + 1]?.text ?? '', k))) {
      children.push(paragraph(phrasing(witness, c.from, c.to), ['infobox-caption']))
      return
    }
    infoboxCaption = false

    if (c.text.endsWith(o.editLinks)) {
      list = undefined
      const end = c.to - o.editLinks.length
      drop(log, witness, end, c.to, 'chrome', 'wiki “edit” links beside the section heading')
      const title = witness.slice(c.from, end).trim()
      inReferences = title === o.referencesHeading
      const depth = (o.headingLevels[title] ?? 2) as 2 | 3 | 4
      children.push((inReferences ? notesHeading : heading)(depth, phrasing(witness, c.from, c.from + title.length)))
      return
    }

    const ref = referenceLine.exec(line.text)
    if (inReferences && ref) {
      drop(log, witness, line.start, line.start + ref[0].length, 'markup', 'reference number (the note keeps its number)')
      definitions.push({
        type: 'footnoteDefinition',
        identifier: ref[1]!,
        label: ref[1]!,
        children: [paragraph(referenceText(witness, line.start + ref[0].length, c.to))],
      })
      return
    }

    const b = bullet.exec(line.text)
    if (b) {
      drop(log, witness, line.start, line.start + b[0].length, 'markup', 'bullet sign of a list item')
      const item: ListItem = { type: 'listItem', spread: false, children: [paragraph(inline(input, line.start + b[0].length, c.to, used))] }
      list = appendItem(children, list, item)
      return
    }
    list = undefined
    children.push(paragraph(inline(input, c.from, c.to, used)))
  })

  checkNotes(input, used, definitions)
  markEmptySections(input, children)
  return { type: 'root' as const, children: [...children, ...definitions] }
}

/** Text with `[n]` reference markers turned into note references. */
function inline(input: ReadInput<Options>, from: number, to: number, used: Array<{ id: string; offset: number }>): PhrasingContent[] {
  const { witness, log } = input
  const out: PhrasingContent[] = []
  let at = from
  for (const m of witness.slice(from, to).matchAll(marker)) {
    const start = from + m.index
    out.push(...phrasing(witness, at, start))
    log.record('note-marker', start, m[0], '', `reference marker [${m[1]}] linked to reference ${m[1]}`)
    out.push({ type: 'footnoteReference', identifier: m[1]!, label: m[1]! })
    used.push({ id: m[1]!, offset: start })
    at = start + m[0].length
  }
  out.push(...phrasing(witness, at, to))
  return out
}

/** A reference that is only a URL is a link to it (as a GFM autolink would read it back). */
function referenceText(witness: string, from: number, to: number): PhrasingContent[] {
  const text = phrasing(witness, from, to)
  const url = witness.slice(from, to)
  return /^https?:\/\/\S+$/.test(url) ? [{ type: 'link', url, children: text }] : text
}

function appendItem(children: RootContent[], list: List | undefined, item: ListItem, className?: string): List {
  if (list) {
    list.children.push(item)
    return list
  }
  const created: List = { type: 'list', ordered: false, spread: false, children: [item] }
  if (className) created.data = { hProperties: { className: [className] } }
  children.push(created)
  return created
}

function checkNotes(input: ReadInput<Options>, used: Array<{ id: string; offset: number }>, definitions: FootnoteDefinition[]) {
  const defined = new Set(definitions.map((d) => d.identifier))
  for (const { id, offset } of used)
    if (!defined.has(id)) failAt(input, offset, `reference marker [${id}] has no entry in the “${input.options.referencesHeading}” list`, 'F-IMPORT-003', 'add the reference, or remove the marker from the witness copy only if it was never in the source')
  const cited = new Set(used.map((u) => u.id))
  for (const d of definitions)
    if (!cited.has(d.identifier)) {
      const offset = (d.children[0] as { children: Array<{ data?: { map?: number[] } }> }).children[0]?.data?.map?.[0] ?? 0
      failAt(input, offset, `reference ${d.identifier} is never cited in the text`, 'F-IMPORT-004', 'check the witness against the source page: a marker may have been lost')
    }
}

/** A heading followed directly by a heading of the same or a higher level introduces an empty section. */
function markEmptySections(input: ReadInput<Options>, children: RootContent[]) {
  for (let i = children.length - 1; i >= 0; i--) {
    const node = children[i]!
    if (node.type !== 'heading' || node.depth === 1 || node.data?.hProperties?.className || node.data?.notesHeading) continue
    const next = children[i + 1]
    if (next && !(next.type === 'heading' && next.depth <= node.depth)) continue
    const offset = lastOffset(node)
    const note = suppliedText('This section is empty in the source.', offset, input.log, 'marks a section that has a heading but no text in the source')
    children.splice(i + 1, 0, paragraph(note.nodes, ['supplied', 'empty-section']))
  }
}

function lastOffset(node: { children: Array<{ data?: unknown }> }): number {
  const map = (node.children.at(-1)?.data as { map?: number[] } | undefined)?.map ?? [0]
  return map.at(-1)! + 1
}

export const wiki: Reader<typeof options> = { options, read }
