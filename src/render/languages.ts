/**
 * Words in another script (Cyrillic in an English edition) marked with their language, as edition.yaml's
 * `scriptLanguages` gives it, where no element around them states one: browsers, reading systems and PDF readers
 * choose hyphenation, fonts and speech by it. Done once, in the render model, for every format. A letter of the
 * script inside a word of another (a homoglyph: Cyrillic "е" in "thе") is not a word of that language.
 */
import type { Element, ElementContent } from 'hast'
import { h } from 'hastscript'

/** Works in place on a copy the caller owns. */
export function markScriptLanguages(nodes: ElementContent[], languages: Record<string, string>): ElementContent[] {
  const scripts = Object.entries(languages).map(([script, lang]) => ({ run: new RegExp(`(?<!\\p{L})\\p{Script=${script}}+(?:[\\s’'-]+\\p{Script=${script}}+)*(?!\\p{L})`, 'gu'), lang }))
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
      const replaced: ElementContent[] = parts.map((p) => (typeof p === 'string' ? { type: 'text', value: p } : p))
      children.splice(i, 1, ...replaced)
      i += replaced.length - 1
    }
  }
  visit(nodes)
  return nodes
}

function split(text: string, scripts: Array<{ run: RegExp; lang: string }>): Array<string | Element> {
  const found = scripts
    .flatMap(({ run, lang }) => [...text.matchAll(run)].map((m) => ({ from: m.index!, to: m.index! + m[0].length, lang })))
    .sort((a, b) => a.from - b.from)
  const out: Array<string | Element> = []
  let at = 0
  for (const f of found) {
    if (f.from < at) continue
    if (f.from > at) out.push(text.slice(at, f.from))
    out.push(h('span', { lang: f.lang }, text.slice(f.from, f.to)))
    at = f.to
  }
  if (at < text.length || out.length === 0) out.push(text.slice(at))
  return out
}
