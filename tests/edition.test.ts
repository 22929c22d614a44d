/**
 * The edition core run on the real sources: fidelity, ids, Markdown round trip, rebuilding with a memory. What the
 * real edition holds (its counts) is tested in tests/real-edition.test.ts alone.
 */
import { createHash } from 'node:crypto'
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Root } from 'mdast'
import { toString } from 'mdast-util-to-string'
import { visit } from 'unist-util-visit'
import { describe, expect, it } from 'vitest'
import { build } from '../src/build.ts'
import { buildDocument } from '../src/edition/document.ts'
import { buildEdition, type Edition } from '../src/edition/edition.ts'
import { buildMemory, keyOf, makeEachTime } from '../src/memory.ts'
import { renderModel } from '../src/render/model.ts'
import { readByBuild, statSignature } from '../src/cli/serve.ts'
import { walkFiles } from '../src/walk-files.ts'
import { rebuildWitness } from '../src/edition/fidelity.ts'
import { parseMarkdown, toMarkdown } from '../src/edition/markdown.ts'
import { loadDocument } from '../src/edition/sources.ts'
import { fixtures, project, scratchSources, snapshot } from './helpers.ts'

const edition = buildEdition(join(project, 'sources'))
const doc = (n: number) => edition.documents[n - 1]!

describe('normalisation', () => {
  it('applies exactly the declared emendations', () => {
    for (const d of edition.documents) expect(d.changes.filter((c) => c.kind === 'emendation').length).toBe(d.meta.emendations.length)
  })
  it('rebuilds every witness exactly from the edition text plus the change record', () => {
    for (const d of edition.documents) expect(rebuildWitness(d.tree, d.changes, d.source.witness.length).join('')).toBe(d.source.witness)
  })
})

/** A tree without positions or data, adjacent texts merged: what Markdown can carry. */
function plain(tree: Root): unknown {
  const strip = (node: any): any => {
    const { position, data, ...rest } = node
    if (rest.children) rest.children = rest.children.filter((c: any) => c.type !== 'indexMark')
    for (const key of Object.keys(rest)) if (rest[key] === null) delete rest[key] // parsers write checked: null, start: null
    if (!rest.children) return rest
    const children: any[] = []
    for (const child of rest.children.map(strip)) {
      const last = children.at(-1)
      if (child.type === 'text' && last?.type === 'text') last.value += child.value
      else children.push(child)
    }
    return { ...rest, children }
  }
  return strip(tree)
}

describe('the edition tree', () => {
  it('re-parsing the exported Markdown gives the same tree', () => {
    for (const d of edition.documents) {
      const reparsed = parseMarkdown(toMarkdown(d))
      reparsed.children.shift() // the YAML front matter
      expect(plain(reparsed)).toEqual(plain(d.tree))
    }
  })
  it('gives every paragraph and heading a unique id and every body paragraph a citable number', () => {
    const ids = new Set<string>()
    for (const d of edition.documents)
      visit(d.tree, (n: any) => {
        if (n.type !== 'paragraph' && n.type !== 'heading') return
        expect(n.data?.id).toMatch(/^([ph]\d+-[0-9a-f]{8}(-\d+)?|ed-[a-z0-9-]+-\d+)$/)
        expect(ids.has(n.data.id)).toBe(false)
        ids.add(n.data.id)
      })
    const numbers: string[] = []
    visit(doc(2).tree, 'paragraph', (p) => void (p.data?.number && numbers.push(p.data.number)))
    expect(numbers.slice(0, 3)).toEqual(['2.1', '2.2', '2.3'])
  })
  it('editing one paragraph leaves every other id unchanged', () => {
    const dir = scratchSources()
    const folder = join(dir, 'sources/documents/03-myth-of-the-political-loser')
    const witness = readFileSync(join(folder, 'witness.txt'), 'utf8').replace('The market is based on a zero-sum game logic', 'The market rests on a zero-sum game logic')
    writeFileSync(join(folder, 'witness.txt'), witness)
    const yaml = readFileSync(join(folder, 'document.yaml'), 'utf8').replace(/sha256: [0-9a-f]{64}/, `sha256: ${createHash('sha256').update(witness).digest('hex')}`)
    writeFileSync(join(folder, 'document.yaml'), yaml)
    const ids = (tree: Root) => {
      const out: string[] = []
      visit(tree, (n: any) => void (n.data?.id && !n.data.id.startsWith('ed-') && out.push(n.data.id)))
      return out
    }
    const before = ids(doc(3).tree)
    const after = ids(buildDocument(loadDocument(folder, 3)).tree)
    expect(after.length).toBe(before.length)
    const changed = after.filter((id, i) => id !== before[i])
    expect(changed.length).toBe(1)
  })
  it('a fifth document of a known shape needs only a new folder under sources/', () => {
    const dir = scratchSources()
    cpSync(join(fixtures, 'forum/thread'), join(dir, 'sources/documents/05-example-thread'), { recursive: true })
    const editionYaml = join(dir, 'sources/edition.yaml')
    writeFileSync(editionYaml, readFileSync(editionYaml, 'utf8').replace('  - 04-anti-imperialist-internationalism\n', '  - 04-anti-imperialist-internationalism\n  - 05-example-thread\n'))
    const five = buildEdition(join(dir, 'sources'))
    expect(five.documents.map((d) => d.source.slug).at(-1)).toBe('05-example-thread')
    expect(five.documents[4]!.meta.shape).toBe('forum')
    mkdirSync(join(dir, 'x'), { recursive: true })
  })
})

describe('rebuilding with a memory of the last build (folio serve)', () => {
  it('keys every value by keyOf its kind and inputs: the same inputs give the kept value, any other input a new one', () => {
    const memory = buildMemory()
    let made = 0
    const first = memory.next()
    const value = first('part', ['a', new Set(['x'])], () => ({ made: ++made }))
    const second = memory.next()
    expect(second('part', ['a', new Set(['x'])], () => ({ made: ++made }))).toBe(value)
    expect(second('part', ['a', new Set(['y'])], () => ({ made: ++made }))).toEqual({ made: 2 })
    expect(second('ids', ['a', new Set(['x'])], () => ({ made: ++made }))).toEqual({ made: 3 })
    // Inputs never run together, and maps, sets and plain objects count by their contents.
    expect(keyOf('ab', 'c')).not.toBe(keyOf('a', 'bc'))
    expect(keyOf(new Map([['k', 1]]))).not.toBe(keyOf(new Map([['k', 2]])))
    expect(keyOf({ title: 'A' })).not.toBe(keyOf({ title: 'B' }))
    expect(first.keeps && second.keeps).toBe(true)
  })

  it('keeps values between builds at these points only: each document as imported (edition.ts), each part of the model (model.ts) and what a writer makes of a part (ctx.perPart, build.ts)', () => {
    // A value kept anywhere else is one more key to get right: it belongs at one of these, or needs a reason here.
    const calls: Record<string, string[]> = {}
    for (const file of walkFiles(join(project, 'src')).filter((f) => f.endsWith('.ts')))
      for (const m of readFileSync(join(project, 'src', file), 'utf8').matchAll(/\bremember\('?(\w[\w -]*)/g)) (calls[file] ??= []).push(m[1]!)
    expect(calls).toEqual({ 'edition/edition.ts': ['document', 'front matter'], 'render/model.ts': ['part', 'document-text'], 'build.ts': ['kind'] })
  })

  it('a packet kept between builds names the full edition\'s numbers of the documents it leaves out, after they move', () => {
    const root = join(scratchSources(), 'sources')
    const memory = buildMemory()
    const packet = (remember = memory.next()) => JSON.stringify(renderModel(buildEdition(root, undefined, remember), { documents: [1, 3], remember }).parts)
    // The InfraWiki article's notes link to the interview, which the packet leaves out.
    expect(packet()).toContain('{"type":"notInPacket","document":2}')
    const yaml = join(root, 'edition.yaml')
    const text = readFileSync(yaml, 'utf8')
    writeFileSync(yaml, text.replace('  - 02-interview-maga-communism\n', 'SWAP').replace('  - 04-anti-imperialist-internationalism\n', '  - 02-interview-maga-communism\n').replace('SWAP', '  - 04-anti-imperialist-internationalism\n'))
    const kept = packet()
    expect(kept).toContain('{"type":"notInPacket","document":4}')
    expect(kept).toBe(packet(makeEachTime))
  })

  it("serve's look at the sources passes over what of sources/releases/ the build does not read: all but the release records", () => {
    const root = join(scratchSources(), 'sources')
    const releases = join(root, 'releases')
    mkdirSync(join(releases, 'archive/1.0.0'), { recursive: true })
    const signature = () => statSignature(root, [root])
    const before = signature()
    // An archive kept there, and a note beside the records: no input of a build.
    writeFileSync(join(releases, 'archive/1.0.0/infrared.pdf'), 'a large file')
    writeFileSync(join(releases, 'README.txt'), 'what these are')
    expect(signature()).toBe(before)
    expect(readByBuild(root, join(releases, 'archive/1.0.0/infrared.pdf'))).toBe(false)
    // A record is read (the previous release's ids), and so is every other source.
    writeFileSync(join(releases, '1.0.0.json'), '{}')
    expect(signature()).not.toBe(before)
    expect(readByBuild(root, join(releases, '1.0.0.json'))).toBe(true)
    const after = signature()
    writeFileSync(join(root, 'front/introduction.md'), '# Introduction\n\nEdited.\n')
    expect(signature()).not.toBe(after)
  })

  /** What writers read from an edition, as JSON. */
  const written = (e: Edition) =>
    JSON.stringify({
      sources: e.sources,
      front: e.front,
      documents: e.documents.map(({ source, meta, tree, changes, headnote }) => ({ source, meta, tree, changes, headnote })),
      index: { ...e.index, covered: [...e.index.covered] },
    })

  it('after a headnote edit, imports nothing again, keeps every apparatus and gives what a fresh build gives', () => {
    const root = join(scratchSources(), 'sources')
    const memory = buildMemory()
    const build = () => buildEdition(root, undefined, memory.next())
    // Built twice before the edit: the apparatus must write into copies, never mark a remembered tree twice.
    build()
    const before = build()
    const headnote = join(root, 'documents/03-myth-of-the-political-loser/headnote.md')
    writeFileSync(headnote, readFileSync(headnote, 'utf8') + '\nA sentence added while serving.\n')
    const after = build()
    expect(toString(after.documents[2]!.headnote!)).toContain('A sentence added while serving.')
    expect(toString(before.documents[2]!.headnote!)).not.toContain('A sentence added while serving.')
    after.documents.forEach((d, i) => expect(d.changes).toBe(before.documents[i]!.changes))
    // The trees with editor's notes and index marks, as the last build made them.
    after.documents.forEach((d, i) => expect(d.tree).toBe(before.documents[i]!.tree))
    expect(written(after)).toBe(written(buildEdition(root)))
  })

  it('after a document.yaml edit, imports that document again, reuses the others and gives what a fresh build gives', () => {
    const root = join(scratchSources(), 'sources')
    const memory = buildMemory()
    const build = () => buildEdition(root, undefined, memory.next())
    const before = build()
    const yaml = join(root, 'documents/04-anti-imperialist-internationalism/document.yaml')
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace(/^title: .*$/m, 'title: A title edited while serving'))
    const after = build()
    expect(after.documents[3]!.meta.title).toBe('A title edited while serving')
    expect(after.documents[3]!.changes).not.toBe(before.documents[3]!.changes)
    for (const i of [0, 1, 2]) expect(after.documents[i]!.changes).toBe(before.documents[i]!.changes)
    for (const i of [0, 1, 2]) expect(after.documents[i]!.tree).toBe(before.documents[i]!.tree)
    expect(written(after)).toBe(written(buildEdition(root)))
  })

  it('after each kind of edit (a witness, a document.yaml, a headnote, the notes, the index, front matter, edition.yaml) writes the HTML a clean build writes', async () => {
    const dir = scratchSources()
    const root = join(dir, 'sources')
    const memory = buildMemory()
    const served = join(dir, 'served')
    const clean = join(dir, 'clean')
    // Every file with its bytes, report.json without its timings.
    const files = (out: string): Record<string, string> => {
      const all = snapshot(out)
      const report = JSON.parse(Buffer.from(all['report.json']!, 'base64').toString('utf8'))
      delete report.timings
      return { ...all, 'report.json': JSON.stringify(report) }
    }
    const edit = (path: string, change: (text: string) => string) => {
      const before = readFileSync(join(root, path), 'utf8')
      const after = change(before)
      expect(after).not.toBe(before)
      writeFileSync(join(root, path), after)
    }
    const essay = 'documents/03-myth-of-the-political-loser'
    const edits: Array<[string, () => void]> = [
      ['a headnote', () => edit(`${essay}/headnote.md`, (t) => t + '\nA sentence added while serving.\n')],
      // A new index occurrence: the ids of the index marks in the documents after this one move on by one.
      [
        'a witness',
        () => {
          edit(`${essay}/witness.txt`, (t) => t.replace('The market is based on a zero-sum game logic', 'The market, Bion would say, is based on a zero-sum game logic'))
          const sha256 = createHash('sha256').update(readFileSync(join(root, essay, 'witness.txt'))).digest('hex')
          edit(`${essay}/document.yaml`, (t) => t.replace(/sha256: [0-9a-f]{64}/, `sha256: ${sha256}`))
        },
      ],
      ["an editor's note", () => edit('annotations.yaml', (t) => t.replace('Live-streaming platform launched in 2022', 'A live-streaming platform, launched in 2022,'))],
      ['the index', () => edit('index.yaml', (t) => t.replace('President of the United States 2021–2025', '46th President of the United States'))],
      ['a document.yaml', () => edit('documents/04-anti-imperialist-internationalism/document.yaml', (t) => t.replace(/^title: .*$/m, 'title: A title edited while serving'))],
      ['front matter', () => edit('front/introduction.md', (t) => t.replace('This edition brings together four texts', 'This edition gathers four texts'))],
      ['edition.yaml', () => edit('edition.yaml', (t) => t.replace('A documentary edition of four web-scraped texts', 'A documentary edition of four texts copied from the web'))],
    ]
    await build({ sources: root, out: served, formats: ['html'], remember: memory.next() })
    for (const [what, change] of edits) {
      change()
      await build({ sources: root, out: served, formats: ['html'], remember: memory.next() })
      rmSync(clean, { recursive: true, force: true })
      await build({ sources: root, out: clean, formats: ['html'] })
      const [rebuilt, fresh] = [files(served), files(clean)]
      expect(Object.keys(rebuilt).sort(), what).toEqual(Object.keys(fresh).sort())
      expect(Object.keys(fresh).filter((file) => rebuilt[file] !== fresh[file]), `files that differ after editing ${what}`).toEqual([])
    }
  })
})
