/** `folio diff A B`: paragraph-level changes between two released versions, with a word-level diff. */
import { diffWords } from 'diff'
import type { ReleaseRecord } from '../edition/releases.ts'

export interface DocumentDiff {
  slug: string
  added: Array<{ id: string; number: string; text: string }>
  removed: Array<{ id: string; number: string; text: string }>
  changed: Array<{ id: string; number: string; parts: Array<{ value: string; added?: boolean; removed?: boolean }> }>
}

export interface EditionDiff {
  from: string
  to: string
  documents: DocumentDiff[]
  outputs: { added: string[]; removed: string[]; changed: string[] }
}

/** Blocks are matched by id: lineage keeps ids across versions, so a changed paragraph keeps its id. */
export function diffRecords(a: ReleaseRecord, b: ReleaseRecord): EditionDiff {
  const slugs = [...new Set([...Object.keys(a.blocks), ...Object.keys(b.blocks)])]
  const documents = slugs.map((slug): DocumentDiff => {
    const before = new Map((a.blocks[slug] ?? []).map((x) => [x.id, x]))
    const after = new Map((b.blocks[slug] ?? []).map((x) => [x.id, x]))
    return {
      slug,
      added: [...after.values()].filter((x) => !before.has(x.id)),
      removed: [...before.values()].filter((x) => !after.has(x.id)),
      changed: [...after.values()]
        .filter((x) => before.has(x.id) && before.get(x.id)!.text !== x.text)
        .map((x) => ({ id: x.id, number: x.number, parts: diffWords(before.get(x.id)!.text, x.text) })),
    }
  })
  const files = (r: ReleaseRecord) => new Map(r.outputs.map((o) => [o.path, o.sha256]))
  const fa = files(a)
  const fb = files(b)
  return {
    from: a.version,
    to: b.version,
    documents: documents.filter((d) => d.added.length + d.removed.length + d.changed.length > 0),
    outputs: {
      added: [...fb.keys()].filter((p) => !fa.has(p)),
      removed: [...fa.keys()].filter((p) => !fb.has(p)),
      changed: [...fb.keys()].filter((p) => fa.has(p) && fa.get(p) !== fb.get(p)),
    },
  }
}

/** Unchanged text longer than a few words is cut to its edges, so a one-word change reads as one line. */
function context(value: string, words = 6): string {
  const w = value.split(/(\s+)/)
  return w.length > words * 4 ? `${w.slice(0, words * 2).join('')} … ${w.slice(-words * 2).join('')}` : value
}

export function diffText(d: EditionDiff, color = false): string {
  const green = (s: string) => (color ? `\x1b[32m${s}\x1b[0m` : `{+${s}+}`)
  const red = (s: string) => (color ? `\x1b[31m${s}\x1b[0m` : `[-${s}-]`)
  const lines = [`Changes from ${d.from} to ${d.to}`]
  if (d.documents.length === 0) lines.push('  no paragraph changed')
  for (const doc of d.documents) {
    lines.push('', `${doc.slug}: ${doc.added.length} added, ${doc.removed.length} removed, ${doc.changed.length} changed`)
    for (const x of doc.added) lines.push(`  + ${x.number || x.id}  ${green(x.text)}`)
    for (const x of doc.removed) lines.push(`  - ${x.number || x.id}  ${red(x.text)}`)
    for (const x of doc.changed) lines.push(`  ~ ${x.number || x.id}  ${x.parts.map((p) => (p.added ? green(p.value) : p.removed ? red(p.value) : context(p.value))).join('')}`)
  }
  lines.push('', `outputs: ${d.outputs.changed.length} changed, ${d.outputs.added.length} added, ${d.outputs.removed.length} removed`)
  return lines.join('\n') + '\n'
}

export function diffHtml(d: EditionDiff): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  const body = d.documents
    .map(
      (doc) =>
        `<section><h2>${esc(doc.slug)}</h2><p>${doc.added.length} added, ${doc.removed.length} removed, ${doc.changed.length} changed</p><ul>` +
        doc.added.map((x) => `<li><b>${esc(x.number || x.id)}</b> <ins>${esc(x.text)}</ins></li>`).join('') +
        doc.removed.map((x) => `<li><b>${esc(x.number || x.id)}</b> <del>${esc(x.text)}</del></li>`).join('') +
        doc.changed.map((x) => `<li><b>${esc(x.number || x.id)}</b> ${x.parts.map((p) => (p.added ? `<ins>${esc(p.value)}</ins>` : p.removed ? `<del>${esc(p.value)}</del>` : esc(p.value))).join('')}</li>`).join('') +
        '</ul></section>'
    )
    .join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Changes from ${esc(d.from)} to ${esc(d.to)}</title>
<style>body{font-family:serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}ins{background:#dfd;text-decoration:none}del{background:#fdd}</style></head>
<body><main><h1>Changes from ${esc(d.from)} to ${esc(d.to)}</h1>${body || '<p>No paragraph changed.</p>'}
<p>Outputs: ${d.outputs.changed.length} changed, ${d.outputs.added.length} added, ${d.outputs.removed.length} removed.</p></main></body></html>
`
}
