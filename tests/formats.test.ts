/** The registry of formats: a format added in one place is built, listed for download, released and verified. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { build } from '../src/build.ts'
import { main } from '../src/cli.ts'
import { formatOf, formats, registerFormat } from '../src/formats.ts'
import { release } from '../src/release/release.ts'
import { verify } from '../src/release/verify.ts'
import { scratchSources } from './helpers.ts'

// A tiny format: the titles of the documents as plain text, one file. The test files that run after this one in its
// worker share its modules (vitest.config.ts), so it is taken out again at the end.
const registered = formats().map((f) => f.name)
const unregister = registerFormat({
  name: 'titles',
  summary: 'the titles of the documents as plain text',
  outputs: (meta) => [{ path: `${meta.slug}-titles.txt`, download: 'The titles as plain text' }],
  async write(ctx) {
    ctx.write(`${ctx.edition.sources.edition.slug}-titles.txt`, ctx.model.parts.map((p) => p.title).join('\n') + '\n')
  },
})

const dir = scratchSources()
const sources = join(dir, 'sources')
const slug = /^slug: (\S+)/m.exec(readFileSync(join(sources, 'edition.yaml'), 'utf8'))![1]!

describe('a format registered in one place', () => {
  afterEach(() => vi.restoreAllMocks())
  afterAll(() => {
    unregister()
    expect(formats().map((f) => f.name)).toEqual(registered)
  })

  it('is built, described in report.json and listed among the HTML site’s downloads', async () => {
    const out = join(dir, 'dist')
    const { outputs } = await build({ sources, out, formats: ['titles', 'html'] })
    const text = readFileSync(join(out, `${slug}-titles.txt`), 'utf8')
    expect(text).toContain('Colophon')
    expect(outputs.find((o) => o.path === `${slug}-titles.txt`)?.format).toBe('titles')
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'))
    expect(report.outputs.map((o: { format: string }) => o.format)).toContain('titles')
    const landing = readFileSync(join(out, 'html/index.html'), 'utf8')
    expect(landing).toMatch(new RegExp(`href="downloads/${slug}-titles\\.txt"[^>]*>The titles as plain text <span class="download-size">\\(1 KB\\)`))
  })

  it('is offered and accepted by the CLI', async () => {
    const written: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true))
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true))
    expect(await main(['build', '--help'])).toBe(0)
    expect(written.join('')).toMatch(/--format markdown,pdf,epub,titles,html\]/)
    expect(written.join('')).toMatch(/^ +titles +the titles of the documents as plain text$/m)
    expect(await main(['build', '--format', 'title', '--sources', sources, '--out', join(dir, 'unused')])).toBe(2)
    expect(written.join('')).toContain('unknown format title (known: markdown, pdf, epub, titles, html)')
  })

  it('is released, and verify finds it among the release’s outputs and rebuilds it byte for byte', async () => {
    const archive = join(dir, 'archive')
    const { record } = await release({ sources, archive, formats: ['titles'], changelog: join(dir, 'CHANGELOG.md'), say: () => {} })
    expect(record.outputs.map((o) => o.path)).toEqual([`${slug}-titles.txt`])
    expect(formatOf(`${slug}-titles.txt`, { slug, packets: {} } as never)?.name).toBe('titles')
    const verified = await verify(archive, record.version, sources)
    expect(verified?.mismatches).toEqual([])
  })
})
