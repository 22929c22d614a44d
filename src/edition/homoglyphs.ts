/** Replace letters of another script hiding inside a Latin word (Cyrillic “е” in “thе”) with Latin ones. */
import type { Root } from 'mdast'
import type { VFile } from 'vfile'
import { replaceAll, witnessTexts } from './text-nodes.ts'

const latinFor: Record<string, string> = {
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', һ: 'h', ԁ: 'd',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', І: 'I', Ј: 'J', Ѕ: 'S',
  ο: 'o', α: 'a', ν: 'v', ι: 'i', Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
}

const word = /[\p{L}\p{M}]+/gu
const otherScript = /[\p{Script=Cyrillic}\p{Script=Greek}]/u

export default function homoglyphs() {
  return (tree: Root, file: VFile) => {
    replaceAll(
      // Only a text with a Cyrillic or Greek character can hide a homoglyph.
      witnessTexts(tree).filter((node) => otherScript.test(node.value)),
      file,
      word,
      (m) => {
        const w = m[0]
        // Only mixed-script words: a word wholly in Cyrillic (the byline “Хаз”) is left alone.
        if (!/\p{Script=Latin}/u.test(w) || !otherScript.test(w)) return undefined
        return Array.from(w, (ch) => latinFor[ch] ?? ch).join('')
      },
      (m, after) => ({ kind: 'homoglyph', reason: `mixed-script word: ${describe(m[0], after)}` })
    )
  }
}

function describe(before: string, after: string): string {
  const chars = Array.from(before)
  return chars
    .map((ch, i) => (ch !== Array.from(after)[i] ? `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} (${/\p{Script=Greek}/u.test(ch) ? 'Greek' : 'Cyrillic'}) replaced by Latin “${Array.from(after)[i]}”` : ''))
    .filter(Boolean)
    .join(', ')
}
