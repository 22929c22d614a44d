/** The witness text nodes of a document tree: the only nodes editorial plugins may change. */
import type { Nodes, Root, Text } from 'mdast'
import type { VFile } from 'vfile'
import { editText as editAt, type ChangeLog } from '../witness/changes.ts'

/**
 * Every text node under `node`, in document order. A plain walk, not unist-util-visit: that names each visited
 * node's function for stack traces (about 2 µs a node), and the editorial passes walk every text of a document
 * several times — with 100,000 note markers, seconds.
 */
export function textsIn(node: Nodes): Text[] {
  const out: Text[] = []
  const walk = (n: Nodes) => {
    if (n.type === 'text') out.push(n)
    else if ('children' in n) for (const child of n.children) walk(child)
  }
  walk(node)
  return out
}

/** Text nodes that carry witness text (not supplied editorial text), in document order. */
export function witnessTexts(tree: Root): Text[] {
  return textsIn(tree).filter((node) => node.data?.map && !node.data.supplied)
}

/** The change log of the document a vfile stands for (set by the edition builder). */
export function changeLog(file: VFile): ChangeLog {
  const log = file.data.log as ChangeLog | undefined
  if (!log) throw new Error('no change log on the file')
  return log
}

/**
 * Apply `replace` to every match of `pattern` in each of the witness text nodes, right to left so that earlier
 * indices stay valid. `replace` returns the replacement, or undefined to leave the match alone.
 */
export function replaceAll(nodes: Text[], file: VFile, pattern: RegExp, replace: (match: RegExpMatchArray, node: Text) => string | undefined, record: (match: RegExpMatchArray, after: string) => { kind: Parameters<ChangeLog['record']>[0]; reason: string }): void {
  const log = changeLog(file)
  for (const node of nodes) {
    const matches = [...node.value.matchAll(pattern)].reverse()
    for (const m of matches) {
      const after = replace(m, node)
      if (after === undefined || after === m[0]) continue
      const { kind, reason } = record(m, after)
      editAt(node, log, m.index!, m.index! + m[0].length, after, kind, reason)
    }
  }
}
