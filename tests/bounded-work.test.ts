/** Work that grows with the size of a hostile source stays linear: equal paragraphs, note markers by the thousand. */
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Root } from 'mdast'
import { unified } from 'unified'
import { describe, expect, it } from 'vitest'
import blockIds from '../src/edition/block-ids.ts'
import { VFile } from 'vfile'
import { buildDocument, withShapeOptions } from '../src/edition/document.ts'
import { readers } from '../src/import/index.ts'
import { ChangeLog, lineStartsOf } from '../src/witness/changes.ts'
import { loadDocument } from '../src/edition/sources.ts'

/**
 * A collection of the heap before a timed run (the suite's workers expose it, vitest.config.ts): the worker holds
 * what the test files it ran before left, and a collection of all that in the larger run lengthened it (6.1× the
 * smaller run's time, not 5.5 at most).
 */
const collect = () => (globalThis as { gc?: () => void }).gc?.()

function equalParagraphs(n: number): { ids: Array<string | undefined>; ms: number } {
  const tree: Root = { type: 'root', children: Array.from({ length: n }, () => ({ type: 'paragraph' as const, children: [{ type: 'text' as const, value: 'Word[1] more[1].' }] })) }
  collect()
  const started = performance.now()
  unified().use(blockIds, { document: 1, slug: 'x' }).runSync(tree)
  return { ids: tree.children.map((p) => (p.type === 'paragraph' ? p.data?.id : undefined)), ms: performance.now() - started }
}

/** A wiki page with `n` claims, each with its own reference marker `[k]`, and its `n` references. */
function markedWiki(n: number): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'folio-markers-')), '01-markers')
  mkdirSync(dir)
  const claims = Array.from({ length: n }, (_, i) => `Claim number ${i + 1} is made here.[${i + 1}]\n`)
  const references = Array.from({ length: n }, (_, i) => `${i + 1}. Source ${i + 1}, p. ${i % 300}.\n`)
  const witness = `Many Notes\n\n${claims.join('\n')}\nReferences[edit | edit source]\n\n${references.join('')}`
  writeFileSync(join(dir, 'witness.txt'), witness)
  const sha256 = createHash('sha256').update(witness).digest('hex')
  writeFileSync(join(dir, 'document.yaml'), `title: Many Notes\nauthor: not stated in the source\nsite: not stated in the source\ngenre: wiki article\ndate: not stated in the source\nwitness: { file: witness.txt, sha256: ${sha256} }\nshape: wiki\n`)
  return dir
}

/** CPU time of reading a document's shape (the reader alone, where matching markers to notes happens). */
function readCpuMs(dir: string): { ms: number; markers: number } {
  const source = loadDocument(dir, 1)
  const meta = withShapeOptions(source)
  const log = new ChangeLog(lineStartsOf(source.witness))
  collect()
  const started = process.cpuUsage()
  readers.wiki!.read({ witness: source.witness, options: meta.options, log, file: new VFile(), title: meta.title })
  const used = process.cpuUsage(started)
  return { ms: (used.user + used.system) / 1000, markers: log.changes.filter((c) => c.kind === 'note-marker').length }
}

/** CPU time of the whole import of a document: reader, editorial plugins, fidelity check. */
function importCpuMs(dir: string): number {
  const source = loadDocument(dir, 1)
  collect()
  const started = process.cpuUsage()
  buildDocument(source)
  const used = process.cpuUsage(started)
  return (used.user + used.system) / 1000
}

/**
 * The shortest of two runs of each, taken in turn: the machine's load may lengthen one run, and seldom both.
 */
function shortest<T>(runs: Array<() => T>, ms: (t: T) => number): T[] {
  const first = runs.map((run) => run())
  const second = runs.map((run) => run())
  return first.map((t, i) => (ms(t) <= ms(second[i]!) ? t : second[i]!))
}

describe('bounded work', () => {
  it('matches note markers to references in time linear in their number, and imports them so (4× the markers: at most about 5× the time)', () => {
    const [small, large] = [markedWiki(4_000), markedWiki(16_000)]
    readCpuMs(small) // warm the code up, so the first measurement is not the compiler's
    const [a, b] = shortest([() => readCpuMs(small), () => readCpuMs(large)], (r) => r.ms)
    expect([a!.markers, b!.markers]).toEqual([4_000, 16_000])
    // Looking each reference up among all the markers made it quadratic: 16,000 took 8× the time of 4,000.
    expect(b!.ms / a!.ms).toBeLessThan(5.5)
    importCpuMs(small)
    const [x, y] = shortest([() => importCpuMs(small), () => importCpuMs(large)], (ms) => ms)
    expect(y! / x!).toBeLessThan(5.5)
  })
  it('equal paragraphs get base, base-2 … base-n, in time linear in n', () => {
    const [small, { ids, ms }] = shortest([() => equalParagraphs(4_000), () => equalParagraphs(16_000)], (r) => r.ms)
    expect(new Set(ids).size).toBe(16_000)
    expect(ids[1]).toBe(`${ids[0]}-2`)
    expect(ids.at(-1)).toBe(`${ids[0]}-16000`)
    // Four times the paragraphs: about four times the time (a search from -2 for each one made it sixteen).
    expect(ms / small!.ms).toBeLessThan(9)
  })
})
