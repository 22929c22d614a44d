/** Folding of typography (quotes, dashes, ellipsis, whitespace runs), so that text typed plainly matches the witness. */
/** The characters folded by `fold`: typographic quotes, dashes and the ellipsis, by what they become. */
const folded: Record<string, string> = { '‘': "'", '’': "'", 'ʼ': "'", '′': "'", '“': '"', '”': '"', '″': '"', '—': '-', '–': '-', '‐': '-', '‑': '-', '…': '...' }
/** What folding changes: a whitespace run other than a single space (it becomes one space), a foldable character. */
const foldable = /\s\s+|[^\S ]|[‘’ʼ′“”″—–‐‑…]/g

/**
 * Fold typography (quotes, dashes, ellipsis, whitespace runs) so that an anchor typed with straight quotes
 * matches typographic text.
 */
export function fold(text: string): string {
  return text.replace(foldable, (m) => folded[m] ?? ' ')
}

/** `fold`, and per folded character its index in `text` (plus `text.length` at the end). */
export function foldWithMap(text: string): { folded: string; index: number[] } {
  let out = ''
  const index: number[] = []
  let from = 0
  for (const m of text.matchAll(foldable)) {
    const replacement = folded[m[0]] ?? ' '
    out += text.slice(from, m.index) + replacement
    for (let i = from; i < m.index; i++) index.push(i)
    for (let k = 0; k < replacement.length; k++) index.push(m.index)
    from = m.index + m[0].length
  }
  for (let i = from; i <= text.length; i++) index.push(i)
  return { folded: out + text.slice(from), index }
}
