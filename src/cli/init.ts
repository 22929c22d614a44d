/** `folio init [DIR]`: a minimal, valid, buildable sources/ for a new edition, and what to do next. */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

const edition = (slug: string) => `# The edition: its metadata and the documents it holds, in order (see README, “Sources”).
# Every value here is the editors' own; say "not stated in the source" rather than guess.
slug: ${slug}
title: An edition of my own
# subtitle: A documentary edition
editor: The editors
publisher: The editors
# BCP 47 language tag of the texts
language: en
# Semantic version of this edition; \`folio release\` archives it.
version: 0.1.0
# The date of this version of the edition (not the build date: rebuilding gives the same bytes).
date: 2026-01-01
rights: The rights of the source texts remain with their authors.
description: A documentary edition of one example document.
# Where the site (dist/html/) will be published, ending in /: pages then name their address (canonical, og:url).
# url: https://example.org/my-edition/
# Document folders under documents/, in order. \`folio add WITNESS --shape …\` adds one here.
documents:
  - 01-example
# Reading packets: subsets of the documents printed as their own PDFs (folio build --packet NAME).
# packets:
#   first-two:
#     title: The first two documents
#     documents: [1, 2]
`

const witness = `An example document

This witness stands for a source text. Replace it with the source, byte for byte, or add your own documents with folio add and remove this one from edition.yaml.

A second paragraph, so that the example has more than one.
`

const document = (sha256: string) => `# The document's metadata, as the source states it: write "not stated in the source" where it does not.
title: An example document
author: not stated in the source
site: not stated in the source
genre: example
date: not stated in the source
witness:
  file: witness.txt
  # The sha256 of witness.txt: the build refuses a witness that changed.
  sha256: ${sha256}
shape: essay
`

const annotations = `# Editor's notes, anchored by an exact quote of the text (see README, “Sources”). This file may be left out.
# notes:
#   - id: example-note
#     document: 01-example
#     anchor: { quote: "second paragraph" }
#     body: What the editors say about it.
notes: []
`

const index = `# The index: headwords and the terms that mark them (see README, “Sources”). This file may be left out.
# entries:
#   - headword: Example
#     terms: [example]
entries: []
`

export const initCommand = {
  summary: 'start a new edition: write a minimal sources/ (edition.yaml, one example document) into DIR',
  usage: 'folio init [DIR]',
  options: { help: { type: 'boolean', short: 'h' } } as const,
  async run(_values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number> {
    const dir = resolve(positionals[0] ?? '.')
    const sources = join(dir, 'sources')
    const shown = relative(process.cwd(), sources) || 'sources'
    if (existsSync(join(sources, 'edition.yaml'))) {
      process.stderr.write(`folio: ${shown}/edition.yaml exists already: init starts a new edition and changes nothing here\n`)
      return 1
    }
    const folder = join(sources, 'documents', '01-example')
    mkdirSync(folder, { recursive: true })
    const slug = (dir.split(/[\\/]/).pop() ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'my-edition'
    writeFileSync(join(sources, 'edition.yaml'), edition(slug))
    writeFileSync(join(folder, 'witness.txt'), witness)
    writeFileSync(join(folder, 'document.yaml'), document(createHash('sha256').update(witness).digest('hex')))
    writeFileSync(join(sources, 'annotations.yaml'), annotations)
    writeFileSync(join(sources, 'index.yaml'), index)
    const cd = relative(process.cwd(), dir)
    process.stdout.write(
      [
        `wrote a new edition into ${shown}/: edition.yaml, documents/01-example/, annotations.yaml, index.yaml`,
        '',
        'Next steps:',
        ...(cd ? [`  cd ${cd}`] : []),
        '  folio add path/to/source.txt --shape essay|wiki|interview|forum --title "Its title"',
        '  edit sources/edition.yaml (title, editor, rights, …) and each document.yaml (author, site, date)',
        '  folio build          (everything into dist/)',
        '  folio check          (the validators)',
        '',
      ].join('\n')
    )
    return 0
  },
}
