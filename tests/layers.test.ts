/** The layers of src/ (README, “How it works”): every import goes down or stays on its floor; writers import no other writer. */
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import { describe, expect, it } from 'vitest'
import { project } from './helpers.ts'

/** Bottom up; a module is on the floor of the first pattern its path (below src/) matches. */
const floors: Array<[string, RegExp]> = [
  ['ground floor', /^(witness\/|(memory|paths|walk-files|environment|file-errors|interrupt|out-folder)\.ts$)/],
  ['readers', /^import\//],
  ['edition', /^edition\//],
  ['model', /^render\/[^/]+$/],
  ['writers', /^render\/[^/]+\//],
  ['validators', /^check\//],
  ['registry and build', /^(formats|reuse|build)\.ts$/],
  ['archive', /^release\//],
  ['commands', /^(cli\.ts|cli\/)/],
]
const floorOf = (path: string) => floors.findIndex(([, pattern]) => pattern.test(path))

const src = join(project, 'src')
const modules = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ts|js)$/.test(f))
/** Every relative import (static, dynamic, type-only or re-export) of every module, as paths below src/. */
const imports = modules.flatMap((from) =>
  [...readFileSync(join(src, from), 'utf8').matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)].map((m) => ({ from, to: normalize(join(dirname(from), m[1]!)) }))
)

describe('the layers of src/', () => {
  it('puts every module on a floor', () => {
    expect(modules.filter((m) => floorOf(m) < 0)).toEqual([])
    expect(imports.length).toBeGreaterThan(100)
  })
  it('has no import from a floor to a higher one', () => {
    const upward = imports.filter(({ from, to }) => floorOf(to) > floorOf(from)).map(({ from, to }) => `${from} (${floors[floorOf(from)]![0]}) imports ${to} (${floors[floorOf(to)]![0]})`)
    expect(upward).toEqual([])
  })
  it('has writers that read the model’s decisions instead of finding them in its markup by CSS class or attribute', () => {
    // The notes heading (NoteSeries.under) and the index's letter groups (Model.index) are the model's to decide;
    // note references, citable numbers, index marks, marked changes and apparatus places are typed data on the
    // model's content (render/content.ts), which writers read through its helpers.
    // (The site's scripts, which run on the written pages, read those pages' markup.)
    const writers = modules.filter((m) => floorOf(m) === floorOf('render/html/x.ts') && !m.includes('/client/'))
    const classes = /['"`](notes-heading|index-group|noteref|noteref-author|noteref-editor|ix|change|locator|turn)['"`]/
    const attributes = /\b(dataNumber|dataChange|data-number|data-change)\b/
    // Nor do they make up ids for what the model decides: the heading over a note series is NoteSeries.heading.
    const ids = /\bid(: | = )`[^`]*notes/
    // Nor search its content for the part's title heading (Part.titleId) or the headnote's summary (Headnote.summary).
    const searches = /\.find\([^\n]*tagName === '(h1|p)'/
    const finding = writers.filter((m) => {
      const code = readFileSync(join(src, m), 'utf8')
        .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
        .replace(/(className|class): \[[^\]]*\]/g, '')
      return classes.test(code) || attributes.test(code) || ids.test(code) || searches.test(code)
    })
    expect(finding).toEqual([])
  })
  it('has readers that mark the source’s own notes heading as data on the mdast (HeadingData.notesHeading), which the model reads: no class', () => {
    const using = modules.filter((m) => /['"`]notes-heading['"`]/.test(readFileSync(join(src, m), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')))
    expect(using).toEqual([])
  })
  it('has a model whose content is of its own kinds, not hast (content-model.ts): its types import none, and a part, a note and a headnote hold none', async () => {
    for (const module of ['render/model.ts', 'render/content-model.ts', 'render/from-mdast.ts'])
      expect(readFileSync(join(src, module), 'utf8'), module).not.toMatch(/from 'hast(script)?'/)
    const { buildEdition } = await import('../src/edition/edition.ts')
    const { renderModel } = await import('../src/render/model.ts')
    const model = renderModel(buildEdition(join(project, 'sources')))
    // hast's node types, which the model's kinds never take.
    const hast = new Set(['element', 'root', 'raw', 'doctype', 'comment'])
    const found: string[] = []
    const walk = (value: unknown, path: string) => {
      if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${path}[${i}]`))
      if (typeof value !== 'object' || value === null || value instanceof Map) return
      const node = value as { type?: unknown; tagName?: unknown; properties?: unknown }
      if ((typeof node.type === 'string' && hast.has(node.type)) || node.tagName !== undefined || node.properties !== undefined) found.push(path)
      for (const [key, v] of Object.entries(value)) walk(v, `${path}.${key}`)
    }
    for (const part of model.parts) walk({ body: part.body, notes: part.notes, noteSeries: part.noteSeries, headnote: part.headnote, apparatus: part.apparatus }, part.id)
    expect(found.slice(0, 5)).toEqual([])
  })
  it('has writers that import no other writer', () => {
    const writer = (path: string) => /^render\/([^/]+)\//.exec(path)?.[1]
    expect(imports.filter(({ from, to }) => writer(from) && writer(to) && writer(from) !== writer(to))).toEqual([])
  })
})
