/**
 * Soft hyphens for the print layout: Chromium has no hyphenation dictionaries of its own here, so the text is
 * hyphenated before layout with Liang's patterns (the `hyphen` package, TeX's pattern files) for the language of
 * each passage, and the exceptions edition.yaml lists. Deterministic: the same words always break alike. A spaced
 * dash is held to the word before it.
 */
import { createRequire } from 'node:module'
import type { ElementContent } from 'hast'

const require = createRequire(import.meta.url)

interface Patterns {
  hyphenateSync(text: string, options: { hyphenChar: string; exceptions: string[]; minWordLength: number }): string
}

/** The pattern set for a language tag: the tag itself, else its language (English: TeX's US patterns). */
function patternsFor(lang: string): Patterns | undefined {
  const tag = lang.toLowerCase()
  for (const name of [tag, tag.split('-')[0] === 'en' ? 'en-us' : tag.split('-')[0]!]) {
    try {
      return require(`hyphen/${name}`) as Patterns
    } catch {
      // no patterns of that name: try the next, or leave the passage unhyphenated
    }
  }
  return undefined
}

const shy = '\u00ad'
/** Breaks leave at least two letters on the line and carry at least three over (TeX's English minima). */
const left = 2
const right = 3
/** Not words: addresses and code are never hyphenated (they wrap where the stylesheet lets them). */
const skipped = new Set(['code', 'pre', 'kbd', 'samp', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'style', 'script'])

export interface Hyphenator {
  /** A copy of the content with soft hyphens in its words; `lang` is the language of the passage around it. */
  (nodes: ElementContent[], lang: string): ElementContent[]
}

/** `exceptions`: by language, words with their only break points as hyphens (a word without one never breaks). */
export function hyphenator(exceptions: Record<string, string[]> = {}): Hyphenator {
  const cache = new Map<string, ((text: string) => string) | undefined>()
  const forLang = (lang: string) => {
    if (!cache.has(lang)) {
      const patterns = patternsFor(lang)
      const own = exceptions[lang] ?? exceptions[lang.split('-')[0]!] ?? []
      cache.set(lang, patterns && ((text) => withMinima(patterns.hyphenateSync(text, { hyphenChar: shy, exceptions: own, minWordLength: left + right }))))
    }
    return cache.get(lang)
  }
  const walk = (nodes: ElementContent[], lang: string): ElementContent[] =>
    nodes.map((node) => {
      if (node.type === 'text') {
        const hyphenate = forLang(lang)
        const value = hyphenate ? node.value.replace(/\S+/g, (chunk) => (isAddress(chunk) ? chunk : hyphenate(chunk))) : node.value
        return { ...node, value: withDashesHeld(value) }
      }
      if (node.type !== 'element') return node
      const href = String(node.properties.href ?? '')
      if (skipped.has(node.tagName) || /^(https?|mailto):/.test(href) || ((node.properties.className as string[] | undefined) ?? []).includes('url')) return node
      const own = typeof node.properties.lang === 'string' && node.properties.lang ? node.properties.lang : lang
      return { ...node, children: walk(node.children, own) }
    })
  return walk
}

/**
 * A spaced dash ends its line, never begins one: the space before it does not break (a line that opens with
 * “— in the form of…” reads as a new speaker or a list). Layout only, like the soft hyphens: the space is a space.
 */
function withDashesHeld(text: string): string {
  return text.replace(/ (?=[\u2013\u2014](?:\s|$))/g, '\u00a0')
}

function isAddress(chunk: string): boolean {
  return /:\/\/|^www\.|@|\/\S/.test(chunk)
}

/** Drop the soft hyphens the patterns put too near a word's start or end. */
function withMinima(text: string): string {
  return text.replace(/[\p{L}\p{M}\u00ad]+/gu, (word) => {
    if (!word.includes(shy)) return word
    const letters = word.replace(/\u00ad/g, '').length
    let seen = 0
    let out = ''
    for (const ch of word) {
      if (ch === shy) {
        if (seen >= left && letters - seen >= right) out += ch
      } else (out += ch), seen++
    }
    return out
  })
}
