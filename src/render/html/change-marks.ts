/** What the site tells a reader of a change the text marks (in its link to the apparatus) or the witness shows. */
import type { ChangeView } from '../model.ts'

const kindNames: Partial<Record<ChangeView['kind'], string>> = {
  emendation: 'Emended',
  sic: 'Reading retained as in the source',
  homoglyph: 'Mixed-script letter replaced',
  supplied: 'Supplied by the editor',
}

/** What the reader is told of a change: the kind, the witness reading and the reason. */
export function changeDescription(c: ChangeView): string {
  const source = c.before === '' ? 'not in the source' : `the source reads “${c.before}”`
  return `${kindNames[c.kind] ?? c.kind}: ${source}; ${c.reason}. Witness line ${c.line}.`
}
