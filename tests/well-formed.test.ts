/**
 * Every XML file Folio writes is well-formed whatever the editorial text holds: markup characters (`]]>`, `<`, `&`,
 * quotes) in the title, the editor, the rights, a headnote, a note or the front matter — which the cover's text
 * alternative repeats — are escaped by the serializer. Each file is parsed by libxml2, which refuses what XML 1.0
 * forbids. The PDF's XMP packet is checked in-process (the PDF itself is tests/pdf.test.ts's).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import JSZip from 'jszip'
import { XmlDocument } from 'libxml2-wasm'
import { describe, expect, it } from 'vitest'
import { buildEdition } from '../src/edition/edition.ts'
import writeEpub from '../src/render/epub/index.ts'
import { renderModel } from '../src/render/model.ts'
import { xmpPacket } from '../src/render/pdf/metadata.ts'
import type { WriteContext } from '../src/render/writer.ts'
import { writeCatalog } from '../src/release/catalog.ts'
import { miniSources } from './helpers.ts'

const hostile = 'a ]]> b <c> & d " e \' f &amp;'

/** The XML parser's complaint about `text`, or undefined when it is well-formed. */
function illFormed(text: string): string | undefined {
  try {
    XmlDocument.fromString(text).dispose()
    return undefined
  } catch (error) {
    return (error as Error).message.split('\n')[0]
  }
}

/** The short one-document edition with the hostile string in every piece of editorial text. */
function hostileSources(): string {
  const sources = join(miniSources(), 'sources')
  const q = (s: string) => JSON.stringify(s)
  const editionYaml = join(sources, 'edition.yaml')
  let edition = readFileSync(editionYaml, 'utf8')
  for (const key of ['title', 'subtitle', 'editor', 'publisher']) edition = edition.replace(new RegExp(`^${key}: .*$`, 'm'), `${key}: ${q(`${key} ${hostile}`)}`)
  edition = edition.replace(/^(rights|description): >-\n(?: .*\n)+/gm, (_, key: string) => `${key}: ${q(`${key} ${hostile}`)}\n`)
  writeFileSync(editionYaml, edition)
  const [folder] = readdirSync(join(sources, 'documents'))
  const documentYaml = join(sources, 'documents', folder!, 'document.yaml')
  writeFileSync(documentYaml, readFileSync(documentYaml, 'utf8').replace(/^title: .*$/m, `title: ${q(`Document ${hostile}`)}`).replace(/^author: .*$/m, `author: ${q(`author ${hostile}`)}`))
  writeFileSync(join(sources, 'documents', folder!, 'headnote.md'), `Headnote ${hostile.replace('<c>', '\\<c>')}.\n`)
  const quote = readFileSync(join(sources, 'documents', folder!, 'witness.txt'), 'utf8').match(/[A-Z][a-z]+ [a-z]+ [a-z]+/)![0]
  writeFileSync(join(sources, 'annotations.yaml'), `notes:\n  - id: hostile\n    document: ${folder}\n    quote: ${q(quote)}\n    body: ${q(`Note ${hostile.replace('<c>', '\\<c>')}`)}\n`)
  for (const name of readdirSync(join(sources, 'front'))) writeFileSync(join(sources, 'front', name), `# Front ${hostile.replace('<c>', '\\<c>')}\n\nText ${hostile.replace('<c>', '\\<c>')}.\n`)
  return sources
}

describe('well-formed XML whatever the editorial text holds', () => {
  it('every XHTML, OPF, NCX and container file of the EPUB parses, and the hostile text reaches them escaped', async () => {
    const edition = buildEdition(hostileSources())
    const model = renderModel(edition)
    const written = new Map<string, Uint8Array>()
    // No page map (no print layout): this test is about the markup.
    const ctx = {
      edition,
      model,
      read: () => undefined,
      write: (path: string, data: string | Uint8Array) => void written.set(path, typeof data === 'string' ? Buffer.from(data) : data),
    } as unknown as WriteContext
    await writeEpub(ctx)
    const zip = await JSZip.loadAsync(written.get(`${model.meta.slug}.epub`)!)
    const xml = Object.values(zip.files).filter((f) => !f.dir && /\.(xhtml|opf|ncx|xml)$/.test(f.name))
    const files = new Map(await Promise.all(xml.map(async (f) => [f.name, await f.async('string')] as const)))
    expect([...files.keys()].sort()).toEqual(expect.arrayContaining(['META-INF/container.xml', 'OEBPS/content.opf', 'OEBPS/cover.xhtml', 'OEBPS/toc.ncx', 'OEBPS/toc.xhtml', 'OEBPS/doc-1.xhtml', 'OEBPS/introduction.xhtml']))
    expect([...files].map(([name, text]) => [name, illFormed(text)]).filter(([, problem]) => problem)).toEqual([])
    // The text is there, escaped, not dropped: in the cover's alt, the package's title, the NCX, a chapter.
    expect(files.get('OEBPS/cover.xhtml')).toContain('title a ]]&gt; b &lt;c&gt; &amp; d')
    expect(files.get('OEBPS/content.opf')).toMatch(/<dc:title id="title">title a \]\]&gt; b &lt;c&gt; &amp; d .* &amp;amp;<\/dc:title>/)
    expect(files.get('OEBPS/toc.ncx')).toContain('Document a ]]&gt; b &lt;c&gt; &amp; d')
    expect(files.get('OEBPS/doc-1.xhtml')).toContain('Headnote a ]]&gt; b &lt;c&gt; &amp; d')
  })

  it('the OPDS catalog of the archive parses, with the hostile title escaped', () => {
    const archive = mkdtempSync(join(tmpdir(), 'folio-catalog-'))
    mkdirSync(join(archive, '1.0.0'))
    const record = { slug: 'x', title: `Title ${hostile}`, version: '1.0.0', date: '2026-01-01', sourceHash: 'h', folio: '0', node: '20', chromium: '1', witnesses: [], outputs: [{ path: `x ${hostile}.epub`, bytes: 1, sha256: 's' }], blocks: {}, retired: [], notes: hostile }
    writeFileSync(join(archive, '1.0.0', 'manifest.json'), JSON.stringify(record))
    writeCatalog(archive)
    const opds = readFileSync(join(archive, 'opds.xml'), 'utf8')
    expect(illFormed(opds)).toBeUndefined()
    expect(opds).toContain('<title>Title a ]]&gt; b &lt;c&gt; &amp; d " e \' f &amp;amp; (version 1.0.0)</title>')
  })

  it('the PDF’s XMP packet parses and carries the hostile title, editor, description and keywords as text', () => {
    const { meta, parts } = renderModel(buildEdition(hostileSources()))
    const keywords = parts.filter((p) => p.role === 'document').map((p) => p.title)
    const xmp = xmpPacket({ title: meta.title, author: meta.editor, subject: meta.description, keywords, language: meta.language, identifier: `${meta.slug}@${meta.version}/x.pdf`, date: meta.date }, 'Folio 0')
    expect(illFormed(xmp)).toBeUndefined()
    expect(xmp).toMatch(/^<\?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"\?>\n<x:xmpmeta /)
    expect(xmp).toMatch(/\n<\?xpacket end="r"\?>\n$/)
    const doc = XmlDocument.fromString(xmp)
    const ns = { rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#', dc: 'http://purl.org/dc/elements/1.1/', pdf: 'http://ns.adobe.com/pdf/1.3/' }
    const text = (path: string) => doc.eval(`string(${path})`, ns)
    expect(text('//dc:title/rdf:Alt/rdf:li[@xml:lang="x-default"]')).toBe(meta.title)
    expect(text('//dc:creator/rdf:Seq/rdf:li')).toBe(meta.editor)
    expect(text('//dc:description/rdf:Alt/rdf:li')).toBe(meta.description)
    expect(text('//pdf:Keywords')).toBe(keywords.join('; '))
    doc.dispose()
    // The markup characters reach the packet as text (the quotes were made typographic by the edition already).
    for (const value of [meta.title, meta.editor, meta.description, keywords[0]!]) expect(value).toMatch(/a \]\]> b <c> & d [“"] e [’'] f &amp;$/)
  })
})
