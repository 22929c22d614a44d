/**
 * Words in another script carry their language (edition.yaml `scriptLanguages`: Cyrillic is Russian) in every
 * output made from the render model, editorial text and witness pages alike; a homoglyph (a Cyrillic letter inside
 * an English word) does not.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Element, Root, RootContent } from 'hast'
import { fromHtml } from 'hast-util-from-html'
import { h } from 'hastscript'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import { buildEdition } from '../src/edition/edition.ts'
import { markScriptLanguages } from '../src/render/languages.ts'
import { headnoteContent, partContent, writerContent } from '../src/render/content.ts'
import { toHtml } from '../src/render/markup.ts'
import { renderModel } from '../src/render/model.ts'
import { project } from './helpers.ts'
import { dist } from './setup/dist.ts'

const report = JSON.parse(readFileSync(join(dist, 'report.json'), 'utf8')) as { outputs: Array<{ format: string; path: string }> }
const output = (format: string) => report.outputs.find((o) => o.format === format)

/** Each word with a Cyrillic letter, with the language of the nearest element that states one. */
function cyrillicWords(tree: Root): Array<{ word: string; lang: string; mixed: boolean }> {
  const found: Array<{ word: string; lang: string; mixed: boolean }> = []
  const visit = (node: Root | RootContent, lang: string) => {
    if (node.type === 'text') {
      for (const m of node.value.matchAll(/\p{L}+/gu)) if (/\p{Script=Cyrillic}/u.test(m[0])) found.push({ word: m[0], lang, mixed: /[^\p{Script=Cyrillic}]/u.test(m[0]) })
      return
    }
    if (node.type !== 'root' && node.type !== 'element') return
    if (node.type === 'element' && ['script', 'style', 'title'].includes(node.tagName)) return
    const own = node.type === 'element' ? ((node as Element).properties.lang ?? (node as Element).properties.xmlLang) : undefined
    for (const child of node.children) visit(child, typeof own === 'string' ? own : lang)
  }
  visit(tree, '')
  return found
}

const problems = (files: Array<{ name: string; text: string }>) => {
  const words = files.flatMap((f) => cyrillicWords(fromHtml(f.text)).map((w) => ({ ...w, file: f.name })))
  return {
    words,
    unmarked: words.filter((w) => !w.mixed && w.lang !== 'ru').map((w) => `${w.file}: ${w.word} (${w.lang})`),
    homoglyphsMarked: words.filter((w) => w.mixed && w.lang === 'ru').map((w) => `${w.file}: ${w.word}`),
  }
}

describe('words in another script, marked with their language', () => {
  it('marks whole words only, where no element states a language', () => {
    const nodes = markScriptLanguages([h('p', ['The byline “Хаз”; settling in thе south']), h('p', { lang: 'de' }, 'Хаз')], { Cyrillic: 'ru' })
    expect(nodes[0]).toEqual(h('p', ['The byline “', h('span', { lang: 'ru' }, 'Хаз'), '”; settling in thе south']))
    expect(nodes[1]).toEqual(h('p', { lang: 'de' }, 'Хаз'))
  })

  it('in the render model, which every writer reads (the PDF prints its parts as they are)', () => {
    const model = renderModel(buildEdition(join(project, 'sources')))
    const parts = model.parts.map((p) => ({ name: p.id, text: toHtml([...(p.headnote ? headnoteContent(p.headnote) : []), ...partContent(p), ...p.notes.flatMap((n) => writerContent(n.content))]) }))
    const found = problems(parts)
    expect(found.words.filter((w) => !w.mixed).length).toBeGreaterThan(2)
    expect(found.unmarked).toEqual([])
    expect(found.homoglyphsMarked).toEqual([])
  })

  it('in the HTML edition: every page, the witness pages too', () => {
    const site = join(dist, 'html')
    const files = readdirSync(site).filter((f) => f.endsWith('.html')).map((name) => ({ name, text: readFileSync(join(site, name), 'utf8') }))
    const found = problems(files)
    expect(found.words.filter((w) => !w.mixed).length).toBeGreaterThan(2)
    expect(found.unmarked).toEqual([])
    expect(found.homoglyphsMarked).toEqual([])
  })

  it('in the EPUB', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(dist, output('epub')!.path)))
    const files = await Promise.all(Object.values(zip.files).filter((e) => e.name.endsWith('.xhtml')).map(async (e) => ({ name: e.name, text: await e.async('string') })))
    const found = problems(files)
    expect(found.words.filter((w) => !w.mixed).length).toBeGreaterThan(2)
    expect(found.unmarked).toEqual([])
    expect(found.homoglyphsMarked).toEqual([])
  })
})
