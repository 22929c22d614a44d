/** Apply the emendations declared in document.yaml: each reading must occur exactly once. */
import type { Root } from 'mdast'
import type { VFile } from 'vfile'
import { editText } from './changes.ts'
import { fail } from './diagnostics.ts'
import type { DocumentMeta } from './sources.ts'
import { changeLog, witnessTexts } from './text-nodes.ts'

export interface EmendationOptions {
  emendations: DocumentMeta['emendations']
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
  }
}

function indicesOf(text: string, needle: string): number[] {
  const out: number[] = []
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) out.push(i)
  return out
}
