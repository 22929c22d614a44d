/** Inside a paragraph: non-breaking spaces become spaces and runs of spaces become one. */
import type { Root } from 'mdast'
import type { VFile } from 'vfile'
import { replaceAll, witnessTexts } from './text-nodes.ts'

export default function whitespace() {
  return (tree: Root, file: VFile) => {
    replaceAll(witnessTexts(tree), file, /[ \u00a0\t]{2,}|\u00a0/g, () => ' ', (m) => ({
      kind: 'whitespace',
      reason: m[0].includes('\u00a0') ? 'non-breaking space from the web page' : 'doubled space',
    }))
  }
}
