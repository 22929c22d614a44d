/**
 * Words in another script (Cyrillic in an English edition) marked with their language, as edition.yaml's
 * `scriptLanguages` gives it, where nothing around them states one: browsers, reading systems and PDF readers
 * choose hyphenation, fonts and speech by it. Decided once, in the render model, for every format: in the model's
 * content (as `language` spans) and in what the shared renderers set from data (the apparatus, the index). A letter
 * of the script inside a word of another (a homoglyph: Cyrillic "е" in "thе") is not a word of that language.
 */
import type { ElementContent } from 'hast'
import { h } from 'hastscript'
import type { Nodes } from 'mdast'
import { mapContent } from './content-map.ts'
import type { Attributes, Block, Inline } from './content-model.ts'

type Scripts = Array<{ run: RegExp; lang: string }>

function scriptsOf(languages: Record<string, string>): Scripts {
  return Object.entries(languages).map(([script, lang]) => ({ run: new RegExp(`(?<!\\p{L})\\p{Script=${script}}+(?:[\\s’'-]+\\p{Script=${script}}+)*(?!\\p{L})`, 'gu'), lang }))
}

/** Content (blocks or inline content) with its words in other scripts marked, in copies where they change. */
export function inLanguages<T extends Block | Inline>(content: T[], languages: Record<string, string>): T[] {
  const scripts = scriptsOf(languages)
  if (scripts.length === 0) return content
  // What states its language already is left as it is, with all below it.
  const stated = (node: Nodes) => node.type === 'language' || (node.data as { attributes?: Attributes } | undefined)?.attributes?.lang !== undefined
  return mapContent(content, (node): Nodes[] => {
    if (node.type !== 'text') return [node]
    const parts = split(node.value, scripts)
    if (parts.length === 1 && typeof parts[0] === 'string') return [node]
    return parts.map((p) => (typeof p === 'string' ? { type: 'text', value: p } : { type: 'language', lang: p.lang, children: [{ type: 'text', value: p.text }] }))
  }, stated)
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
