/** Replace letters of another script hiding inside a Latin word (Cyrillic “е” in “thе”) with Latin ones. */
import type { Root } from 'mdast'
import type { VFile } from 'vfile'
import { editText } from '../witness/changes.ts'
import { changeLog, witnessTexts } from './text-nodes.ts'

const latinFor: Record<string, string> = {
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', һ: 'h', ԁ: 'd',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', І: 'I', Ј: 'J', Ѕ: 'S',
  ο: 'o', α: 'a', ν: 'v', ι: 'i', Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
}

const word = /[\p{L}\p{M}]+/gu
const otherScript = /[\p{Script=Cyrillic}\p{Script=Greek}]/u

export default function homoglyphs() {
  return (tree: Root, file: VFile) => {
    const log = changeLog(file)
    // Only a text with a Cyrillic or Greek character can hide a homoglyph.
    for (const node of witnessTexts(tree).filter((n) => otherScript.test(n.value))) {
      // Right to left, so that earlier indices stay valid.
      for (const m of [...node.value.matchAll(word)].reverse()) {
        const w = m[0]
        // Only mixed-script words: a word wholly in Cyrillic (the byline “Хаз”) is left alone.
        if (!/\p{Script=Latin}/u.test(w) || !otherScript.test(w)) continue
        const latin = Array.from(w, (ch) => latinFor[ch] ?? ch).join('')
        if (latin === w) continue
        const map = node.data!.map!
        const from = m.index!
        if (map.slice(from, from + w.length).every((o) => o >= 0)) {
          editText(node, log, from, from + w.length, latin, 'homoglyph', `mixed-script word: ${describe(w, latin)}`)
          continue
        }
        // Part of the word was already changed (NFC composed a character of it): each homoglyph its own change.
        for (let i = w.length - 1; i >= 0; i--) {
          const ch = w[i]!
          if (latinFor[ch] && map[from + i]! >= 0) editText(node, log, from + i, from + i + 1, latinFor[ch], 'homoglyph', `mixed-script word: ${describe(ch, latinFor[ch])}`)
        }
      }
    }
  }
}

function describe(before: string, after: string): string {
  const chars = Array.from(before)
  return chars
    .map((ch, i) => (ch !== Array.from(after)[i] ? `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} (${/\p{Script=Greek}/u.test(ch) ? 'Greek' : 'Cyrillic'}) replaced by Latin “${Array.from(after)[i]}”` : ''))
    .filter(Boolean)
    .join(', ')
}
