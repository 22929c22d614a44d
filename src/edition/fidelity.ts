/**
 * The fidelity rule: the witness can be rebuilt exactly from the edition text plus the change record.
 * Whitespace between blocks is recorded here as layout; any other unaccounted character fails the build.
 */
import type { Root } from 'mdast'
import { textsIn } from './text-nodes.ts'
import type { Change, ChangeLog } from '../witness/changes.ts'

export interface Unaccounted {
  offset: number
  line: number
  column: number
  text: string
  problem: string
}

/**
 * Characters of the edition that come straight from the witness: by witness offset, the edition's character
 * (the last text to claim the offset), and the offsets kept, in tree order.
 */
function keptCharacters(tree: Root, length: number): { kept: Array<string | undefined>; offsets: number[] } {
  const kept = new Array<string | undefined>(length).fill(undefined)
  const offsets: number[] = []
  for (const node of textsIn(tree)) {
    const map = node.data?.map
    if (!map) continue
    for (let i = 0; i < node.value.length; i++) {
      const offset = map[i]
      if (offset === undefined || offset < 0) continue
      if (kept[offset] === undefined) offsets.push(offset)
      kept[offset] = node.value[i]!
    }
  }
  return { kept, offsets }
}

function layoutReason(gap: string): string {
  if (/\r(?!\n)/.test(gap)) return 'line break between blocks (a CR alone, the line end of old Mac OS files)'
  return /[\r\n]/.test(gap) ? 'line break between blocks' : 'space at the edge of a line'
}

/** Rebuild the witness from the tree and the changes; `undefined` where neither accounts for a character. */
export function rebuildWitness(tree: Root, changes: Change[], length: number): Array<string | undefined> {
  const out = keptCharacters(tree, length).kept
  for (const c of changes) for (let i = 0; i < c.before.length; i++) out[c.offset + i] = c.before[i]
  return out
}

/**
 * Check the tree against the witness and record whitespace gaps as layout changes. Returns the problems:
 * characters the edition dropped or altered without a recorded change.
 */
export function accountFor(tree: Root, witness: string, log: ChangeLog): Unaccounted[] {
  const problems: Unaccounted[] = []
  const problem = (offset: number, text: string, message: string) => problems.push({ offset, ...log.point(offset), text, problem: message })

  for (const node of textsIn(tree)) {
    const map = node.data?.map
    if (!map || map.length !== node.value.length) problem(0, node.value.slice(0, 40), 'a text was changed without going through the change record')
  }
  const { kept, offsets } = keptCharacters(tree, witness.length)
  for (const offset of offsets) if (witness[offset] !== kept[offset]) problem(offset, kept[offset]!, `edition has “${kept[offset]}” where the witness has “${witness[offset]}”`)
  const covered = new Array<boolean>(witness.length).fill(false)
  for (const offset of offsets) covered[offset] = true
  for (const c of log.changes)
    for (let i = 0; i < c.before.length; i++) {
      if (covered[c.offset + i]) problem(c.offset + i, c.before, 'two changes (or a change and the kept text) claim the same witness character')
      if (witness[c.offset + i] !== c.before[i]) problem(c.offset + i, c.before, `a change records “${c.before}” but the witness has “${witness.slice(c.offset, c.offset + c.before.length)}”`)
      covered[c.offset + i] = true
    }
  for (let i = 0; i < witness.length; ) {
    if (covered[i]) {
      i++
      continue
    }
    let j = i
    while (j < witness.length && !covered[j]) j++
    const gap = witness.slice(i, j)
    if (/^\s+$/.test(gap)) log.record('layout', i, gap, '', layoutReason(gap))
    else problem(i, gap.slice(0, 60), 'witness text is missing from the edition and no change records it')
    i = j
  }
  log.changes.sort((a, b) => a.offset - b.offset || (a.before === '' ? -1 : 1))
  return problems
}
