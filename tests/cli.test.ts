/**
 * The command line: help, index suggestions, progress and the closing summary, through the CLI's entry point in this
 * process (as `folio` runs, its output a pipe's); the installed program in its own processes.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { folioHere, miniSources, project, scratchSources } from './helpers.ts'

describe('folio', () => {
  it('lists its commands with --help and explains each command', async () => {
    const help = await folioHere(['--help'])
    expect(help.code).toBe(0)
    for (const command of ['build', 'check', 'release', 'verify', 'diff', 'index']) expect(help.stdout).toMatch(new RegExp(`^  ${command}\\s`, 'm'))
    const build = await folioHere(['build', '--help'])
    expect(build.code).toBe(0)
    expect(build.stdout).toContain('--page-size a4|letter|a5')
  })
  it('validates release --format like build --format, before releasing anything', async () => {
    const dir = scratchSources()
    const result = await folioHere(['release', '--format', 'htm', '--archive', join(dir, 'editions')], dir)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('unknown format htm')
    expect(readdirSync(dir)).toEqual(['sources'])
  })
  it('index suggest lists a capitalised name that is neither indexed nor excluded', async () => {
    // The one-document edition: the suggestions read every word of the edition, and one document is enough.
    const dir = miniSources()
    const folder = join(dir, 'sources/documents/04-anti-imperialist-internationalism')
    const text = readFileSync(join(folder, 'witness.txt'), 'utf8').replace('I hope more people will join in.', 'I hope more people will join in, said Quentin Zabriskie.')
    writeFileSync(join(folder, 'witness.txt'), text)
    const yaml = join(folder, 'document.yaml')
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace(/sha256: [0-9a-f]{64}/, `sha256: ${createHash('sha256').update(text).digest('hex')}`))
    const result = await folioHere(['index', 'suggest'], dir)
    expect(result.code).toBe(0)
    // The forum post is document 1 of the one-document edition.
    expect(result.stdout).toMatch(/^\s+1 {2}Quentin Zabriskie {2}\(first at 1\.\d+\)$/m)
  })
  it('prints plain progress lines per stage and a closing summary when not on a terminal', async () => {
    const dir = scratchSources()
    const result = await folioHere(['build', '--format', 'markdown', '--out', join(dir, 'out')], dir)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/^ {2}import +\d+ ms$/m)
    expect(result.stderr).toMatch(/^ {2}apparatus +\d+ ms$/m)
    const documents = readdirSync(join(dir, 'sources/documents')).length
    expect(result.stderr).toMatch(new RegExp(`^built ${documents} documents into .+: \\d+ files, [\\d.]+ KiB, 0 warnings$`, 'm'))
    expect((await folioHere(['build', '--format', 'markdown', '--quiet', '--out', join(dir, 'out')], dir)).stderr).toBe('')
  })
})

describe('bin/folio.js', () => {
  it('runs the bundle from wherever the program is installed, finds its own files there and writes nothing beside them', () => {
    // A copy of the installed program in a folder of its own, its node_modules linked; its page template marked.
    const program = join(mkdtempSync(join(tmpdir(), '15-program-')), 'lib/folio')
    for (const part of ['bin', 'build', 'src', 'templates', 'styles', 'package.json']) cpSync(join(project, part), join(program, part), { recursive: true })
    symlinkSync(join(project, 'node_modules'), join(program, 'node_modules'))
    const page = join(program, 'templates/html/page.html')
    writeFileSync(page, readFileSync(page, 'utf8').replace('<head>', '<head>\n<meta name="folio-test" content="the copy">'))
    const before = readdirSync(program, { recursive: true }).sort()
    const dir = scratchSources()
    const run = (args: string[]) => spawnSync(process.execPath, [join(program, 'bin/folio.js'), ...args], { cwd: dir, encoding: 'utf8' })
    expect(run(['--help']).stdout).toMatch(/^ {2}build\s/m)
    const built = run(['build', '--format', 'html', '--quiet'])
    expect(built.status, built.stderr).toBe(0)
    expect(readFileSync(join(dir, 'dist/html/colophon.html'), 'utf8')).toContain('<meta name="folio-test" content="the copy">')
    expect(readdirSync(program, { recursive: true }).sort()).toEqual(before)
  }, 120_000)

  it('keeps its cache in its own files only, and builds where the cache cannot be written', () => {
    const dir = scratchSources()
    const build = (cache: string) => spawnSync(process.execPath, [join(project, 'bin/folio.js'), 'build', '--format', 'html', '--quiet'], { cwd: dir, encoding: 'utf8', env: { ...process.env, FOLIO_CACHE: cache } })
    // A cache folder the user shares: the cache writes its files there and touches no other.
    const shared = mkdtempSync(join(tmpdir(), 'folio-shared-cache-'))
    writeFileSync(join(shared, 'notes.txt'), 'mine')
    const first = build(shared)
    expect(first.status, first.stderr).toBe(0)
    expect(readFileSync(join(shared, 'notes.txt'), 'utf8')).toBe('mine')
    expect(readdirSync(shared).filter((f) => f !== 'notes.txt').length).toBeGreaterThan(0)
    // A cache "folder" that is a file: nothing can be kept, the build is the same.
    const blocked = join(shared, 'notes.txt')
    const second = build(blocked)
    expect(second.status, second.stderr).toBe(0)
    expect(second.stderr).toBe('')
    expect(readFileSync(blocked, 'utf8')).toBe('mine')
  }, 120_000)
})
