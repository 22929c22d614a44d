/**
 * Words in another script (Cyrillic in an English edition) marked with their language, as edition.yaml's
 * `scriptLanguages` gives it, where nothing around them states one: browsers, reading systems and PDF readers
 * choose hyphenation, fonts and speech by it. Decided once, in the render model, for every format: in the model's
 * content (as `language` spans) and in what the shared renderers set from data (the apparatus, the index). A letter
 * of the script inside a word of another (a homoglyph: Cyrillic "е" in "thе") is not a word of that language.
 */
import type { ElementContent } from 'hast'
import { h } from 'hastscript'
import type { Block, Inline } from './content-model.ts'

type Scripts = Array<{ run: RegExp; lang: string }>

function scriptsOf(languages: Record<string, string>): Scripts {
  return Object.entries(languages).map(([script, lang]) => ({ run: new RegExp(`(?<!\\p{L})\\p{Script=${script}}+(?:[\\s’'-]+\\p{Script=${script}}+)*(?!\\p{L})`, 'gu'), lang }))
}

/** Blocks with their words in other scripts marked, in copies where they change. */
export function blocksInLanguages(blocks: Block[], languages: Record<string, string>): Block[] {
  const scripts = scriptsOf(languages)
  return scripts.length === 0 ? blocks : blocks.map((b) => inBlock(b, scripts))
}

/** Inline content with its words in other scripts marked. */
export function inlinesInLanguages(content: Inline[], languages: Record<string, string>): Inline[] {
  const scripts = scriptsOf(languages)
  return scripts.length === 0 ? content : inInlines(content, scripts)
}

function inBlock(b: Block, scripts: Scripts): Block {
  if ('attributes' in b && b.attributes?.lang !== undefined) return b
  switch (b.type) {
    case 'heading':
    case 'paragraph':
      return { ...b, content: inInlines(b.content, scripts) }
    case 'list':
      return { ...b, items: b.items.map((item) => item.map((c) => inBlock(c, scripts))) }
    case 'quote':
      return { ...b, content: b.content.map((c) => inBlock(c, scripts)) }
    case 'table':
      return { ...b, rows: b.rows.map((row) => row.map((cell) => inInlines(cell, scripts))) }
    case 'notesPlaced':
      return { ...b, heading: inInlines(b.heading, scripts) }
    default:
      return b
  }
}

function inInlines(content: Inline[], scripts: Scripts): Inline[] {
  return content.flatMap((node): Inline[] => {
    if (node.type === 'text') return split(node.value, scripts).map((p) => (typeof p === 'string' ? { type: 'text', value: p } : { type: 'language', lang: p.lang, content: [{ type: 'text', value: p.text }] }))
    if (node.type === 'language' || (node.type === 'emphasis' && node.attributes?.lang !== undefined)) return [node]
    return 'content' in node ? [{ ...node, content: inInlines(node.content, scripts) } as Inline] : [node]
  })
}

/** Works in place on markup the caller owns (what the shared renderers set from data). */
export function markScriptLanguages(nodes: ElementContent[], languages: Record<string, string>): ElementContent[] {
  const scripts = scriptsOf(languages)
  if (scripts.length === 0) return nodes
  const visit = (children: ElementContent[]) => {
    for (let i = 0; i < children.length; i++) {
      const node = children[i]!
      if (node.type === 'element') {
        if (node.properties.lang === undefined) visit(node.children)
        continue
      }
      if (node.type !== 'text') continue
      const parts = split(node.value, scripts)
      if (parts.length === 1 && typeof parts[0] === 'string') continue
      const replaced: ElementContent[] = parts.map((p) => (typeof p === 'string' ? { type: 'text', value: p } : h('span', { lang: p.lang }, p.text)))
      children.splice(i, 1, ...replaced)
      i += replaced.length - 1
    }
  }
  visit(nodes)
  return nodes
}

function split(text: string, scripts: Scripts): Array<string | { lang: string; text: string }> {
  const found = scripts
    .flatMap(({ run, lang }) => [...text.matchAll(run)].map((m) => ({ from: m.index!, to: m.index! + m[0].length, lang })))
    .sort((a, b) => a.from - b.from)
  const out: Array<string | { lang: string; text: string }> = []
  let at = 0
  for (const f of found) {
    if (f.from < at) continue
    if (f.from > at) out.push(text.slice(at, f.from))
    out.push({ lang: f.lang, text: text.slice(f.from, f.to) })
    at = f.to
  }
  if (at < text.length || out.length === 0) out.push(text.slice(at))
  return out
}
