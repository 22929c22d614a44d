/** Compose every witness text to Unicode NFC, recording each character sequence that changes. */
import type { Root } from 'mdast'
import type { VFile } from 'vfile'
import { replaceAll, witnessTexts } from './text-nodes.ts'

// The unit NFC may change: a character with the combining marks and conjoining Hangul vowels and finals
// (U+1160–U+11FF, U+D7B0–U+D7FF) that follow it; alone, a character with a singleton mapping (U+212B Å → Å).
const cluster = /[^\p{M}\u1160-\u11FF\uD7B0-\uD7FF][\p{M}\u1160-\u11FF\uD7B0-\uD7FF]*/gu

export default function unicode() {
  return (tree: Root, file: VFile) => {
    replaceAll(
      // Only a text that is not already NFC has anything to compose.
      witnessTexts(tree).filter((node) => node.value !== node.value.normalize('NFC')),
      file,
      cluster,
      (m) => m[0].normalize('NFC'),
      () => ({ kind: 'unicode', reason: 'canonical composition (Unicode NFC)' })
    )
  }
}
