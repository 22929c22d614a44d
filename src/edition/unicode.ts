/** Compose every witness text to Unicode NFC, recording each character sequence that changes. */
import type { Root } from 'mdast'
import type { VFile } from 'vfile'
import { replaceAll, witnessTexts } from './text-nodes.ts'

// A base character with its combining marks: the unit NFC may change.
const cluster = /\P{M}\p{M}+/gu

export default function unicode() {
  return (tree: Root, file: VFile) => {
    replaceAll(witnessTexts(tree), file, cluster, (m) => m[0].normalize('NFC'), () => ({ kind: 'unicode', reason: 'canonical composition (Unicode NFC)' }))
  }
}
