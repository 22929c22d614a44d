/** dist/report.json: what the edition contains and how it was made, for tests and auditors. */
import type { Edition } from '../../edition/edition.ts'
import { visit } from 'unist-util-visit'
import { words } from '../../witness/words.ts'
import type { Output } from '../writer.ts'

export function report(edition: Edition, outputs: Output[], timings: Record<string, number>) {
  const { sources } = edition
  return {
    edition: { title: sources.edition.title, version: sources.edition.version, sourceHash: sources.hash },
    documents: edition.documents.map((d) => {
      let paragraphs = 0
      let authorNotes = 0
      let editorNotes = 0
      visit(d.tree, (node) => {
        if (node.type === 'paragraph' && node.data?.number) paragraphs++
        if (node.type === 'footnoteDefinition') node.data?.series === 'editor' ? editorNotes++ : authorNotes++
      })
      return {
        id: d.source.number,
        slug: d.source.slug,
        title: d.meta.title,
        shape: d.meta.shape,
        witness: { path: d.source.witnessPath, sha256: d.source.sha256, bytes: d.source.bytes, words: words(d.source.witness) },
        paragraphs,
        authorNotes,
        editorNotes,
        changes: d.changes.map(({ kind, line, column, before, after, reason }) => ({ kind, line, column, before, after, reason })),
      }
    }),
    index: {
      headwords: edition.index.entries.length,
      subEntries: edition.index.entries.reduce((n, e) => n + e.sub.length, 0),
      locators: edition.index.entries.reduce((n, e) => n + e.locators.length + e.sub.reduce((m, s) => m + s.locators.length, 0), 0),
    },
    outputs,
    timings,
  }
}
