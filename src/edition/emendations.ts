/**
 * The emendation policy of document.yaml: apply each declared emendation, and mark each reading retained (a source
 * error the edition keeps) with ‹sic›; each reading must occur exactly once.
 */
import type { Root } from 'mdast'
import type { VFile } from 'vfile'
import { blocksOf, findAnchor, insertAt, witnessOffsetAt } from './anchors.ts'
import { editText, suppliedText } from '../witness/changes.ts'
import { fail } from './diagnostics.ts'
import type { DocumentMeta } from './sources.ts'
import { changeLog, witnessTexts } from './text-nodes.ts'

export interface EmendationOptions {
  emendations: DocumentMeta['emendations']
  retained: DocumentMeta['retained']
  /** document.yaml, where a bad declaration is reported. */
  metaPath: string
}

export default function emendations(options: EmendationOptions) {
  return (tree: Root, file: VFile) => {
    const log = changeLog(file)
    const nodes = witnessTexts(tree)
    options.emendations.forEach((e, i) => {
      const needle = (e.prefix ?? '') + e.reading + (e.suffix ?? '')
      const hits = nodes.flatMap((node) => indicesOf(node.value, needle).map((at) => ({ node, at: at + (e.prefix ?? '').length })))
      if (hits.length !== 1)
        fail(options.metaPath, undefined, `emendations[${i}]: the reading “${e.reading}” occurs ${hits.length} times in the witness`, 'F-EMEND-001', hits.length === 0 ? 'copy the reading exactly from the witness' : 'add a prefix or suffix to make it unique')
      const { node, at } = hits[0]!
      editText(node, log, at, at + e.reading.length, e.emended, 'emendation', e.note)
    })
    options.retained.forEach((r, i) => {
      const hits = findAnchor(blocksOf(tree), { quote: r.reading, prefix: r.prefix, suffix: r.suffix })
      if (hits.length !== 1)
        fail(options.metaPath, undefined, `retained[${i}]: the reading “${r.reading}” occurs ${hits.length} times in the witness`, 'F-EMEND-001', hits.length === 0 ? 'copy the reading exactly from the witness' : 'add a prefix or suffix to make it unique')
      const { block, end } = hits[0]!
      const sic = suppliedText('sic', witnessOffsetAt(block, end), log, `reading retained: “${r.reading}” ${r.note}`, 'before', 'sic')
      insertAt(block, end, [sic.nodes[0]!, { type: 'emphasis', children: [sic.words], data: { hProperties: { className: ['supplied', 'sic'] } } }])
    })
  }
}

function indicesOf(text: string, needle: string): number[] {
  const out: number[] = []
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) out.push(i)
  return out
}
