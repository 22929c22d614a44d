/**
 * README, “Make your own edition”, step by step: folio init, folio add a witness of each shape from the reader
 * fixtures, folio build of every format, folio check. What init and add write builds as it is, but for the one
 * option the essay's source needs (its last line is a reader comment), uncommented as the README says. Each command
 * runs through the CLI's entry point in this process (the program's own process: tests/cli.test.ts).
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fixtures, folioHere } from './helpers.ts'

const scratch = mkdtempSync(join(tmpdir(), '15-own-'))
const edition = join(scratch, 'my-edition')
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const shapes = { essay: 'endnotes', wiki: 'page', interview: 'turns', forum: 'thread' }

describe('make your own edition', () => {
  it('folio init writes a minimal sources/ and says what to do next; it never overwrites one', async () => {
    const init = await folioHere(['init', 'my-edition'], scratch)
    expect(init.code, init.stderr).toBe(0)
    expect(init.stdout).toContain('Next steps:')
    expect(init.stdout).toContain('folio add')
    const again = await folioHere(['init', 'my-edition'], scratch)
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('exists already')
  })

  it('folio add copies each witness byte for byte, records its sha256 and lists it in edition.yaml', async () => {
    for (const [shape, name] of Object.entries(shapes)) {
      const added = await folioHere(['add', join(fixtures, shape, name, 'witness.txt'), '--shape', shape, '--title', `A ${shape}`], edition)
      expect(added.code, added.stderr).toBe(0)
    }
    const listed = readFileSync(join(edition, 'sources/edition.yaml'), 'utf8')
    expect(listed).toMatch(/documents:\n {2}- 01-example\n {2}- 02-a-essay\n {2}- 03-a-wiki\n {2}- 04-a-interview\n {2}- 05-a-forum\n/)
    expect(listed).toContain('# Reading packets')
    Object.entries(shapes).forEach(([shape, name], i) => {
      const folder = join(edition, 'sources/documents', `0${i + 2}-a-${shape}`)
      const bytes = readFileSync(join(folder, 'witness.txt'))
      expect(bytes.equals(readFileSync(join(fixtures, shape, name, 'witness.txt')))).toBe(true)
      const yaml = readFileSync(join(folder, 'document.yaml'), 'utf8')
      expect(yaml).toContain(`sha256: ${createHash('sha256').update(bytes).digest('hex')}`)
      expect(yaml).toContain(`shape: ${shape}`)
      expect(yaml).toContain('# options:')
    })
    expect((await folioHere(['add', join(fixtures, 'essay/endnotes/witness.txt'), '--shape', 'novel'], edition)).code).toBe(2)
  })

  it('builds every format and passes folio check', async () => {
    // The README's step: the essay's last line is a reader comment, so its `comments` option is uncommented.
    const essay = join(edition, 'sources/documents/02-a-essay/document.yaml')
    writeFileSync(essay, readFileSync(essay, 'utf8').replace('# options:', 'options:').replace(/^# {3}comments: 0 .*$/m, '  comments: 1'))
    const built = await folioHere(['build', '--quiet'], edition)
    expect(built.code, built.stderr).toBe(0)
    const check = await folioHere(['check'], edition)
    expect(check.stdout).toMatch(/^pass +EPUBCheck /m)
    expect(check.code, check.stdout).toBe(0)
  }, 900_000)

  it('builds without the optional apparatus files, leaving those parts out', async () => {
    rmSync(join(edition, 'sources/annotations.yaml'))
    rmSync(join(edition, 'sources/index.yaml'))
    const built = await folioHere(['build', '--format', 'html', '--quiet', '--out', 'bare'], edition)
    expect(built.code, built.stderr).toBe(0)
    const landing = readFileSync(join(edition, 'bare/html/index.html'), 'utf8')
    expect(landing).not.toContain('part-index.html')
    expect(landing).toContain('doc-5.html')
  })
})
