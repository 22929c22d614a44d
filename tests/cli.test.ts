/** The command line: help, index suggestions, progress and the closing summary. */
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { folio, folioAsync, project, scratchSources } from './helpers.ts'

describe('folio', () => {
  it('lists its commands with --help and explains each command', () => {
    const help = folio(['--help'])
    expect(help.code).toBe(0)
    for (const command of ['build', 'check', 'release', 'verify', 'diff', 'index']) expect(help.stdout).toMatch(new RegExp(`^  ${command}\\s`, 'm'))
    const build = folio(['build', '--help'])
    expect(build.code).toBe(0)
    expect(build.stdout).toContain('--page-size a4|letter|a5')
  })
  it('index suggest lists a capitalised name that is neither indexed nor excluded', () => {
    const dir = scratchSources()
    const folder = join(dir, 'sources/documents/04-anti-imperialist-internationalism')
    const text = readFileSync(join(folder, 'witness.txt'), 'utf8').replace('I hope more people will join in.', 'I hope more people will join in, said Quentin Zabriskie.')
    writeFileSync(join(folder, 'witness.txt'), text)
    const yaml = join(folder, 'document.yaml')
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace(/sha256: [0-9a-f]{64}/, `sha256: ${createHash('sha256').update(text).digest('hex')}`))
    const result = folio(['index', 'suggest'], dir)
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^\s+1 {2}Quentin Zabriskie {2}\(first at 4\.\d+\)$/m)
  })
  it('prints plain progress lines per stage and a closing summary when not on a terminal', () => {
    const dir = scratchSources()
    const result = folio(['build', '--format', 'markdown', '--out', join(dir, 'out')], dir)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/^ {2}import +\d+ ms$/m)
    expect(result.stderr).toMatch(/^ {2}apparatus +\d+ ms$/m)
    expect(result.stderr).toMatch(/^built 4 documents into .+: \d+ files, [\d.]+ KiB, 0 warnings$/m)
    expect(folio(['build', '--format', 'markdown', '--quiet', '--out', join(dir, 'out')], dir).stderr).toBe('')
  })
})

describe('bin/folio.js', () => {
  /** A copy of the program (bin/, src/, package files; node_modules linked) whose src/ a test may change. */
  function programCopy(): string {
    const dir = mkdtempSync(join(tmpdir(), 'folio-program-'))
    for (const part of ['bin', 'src', 'package.json', 'package-lock.json']) cpSync(join(project, part), join(dir, part), { recursive: true })
    symlinkSync(join(project, 'node_modules'), join(dir, 'node_modules'))
    return dir
  }
  const run = (dir: string, args: string[]) => folioAsync(args, dir, dir)

  it('runs a change to src/ on the next run, and the sources as they were when it is undone', async () => {
    const dir = programCopy()
    const cli = join(dir, 'src/cli.ts')
    const original = readFileSync(cli, 'utf8')
    expect((await run(dir, ['--help'])).stdout).toContain('folio — build an annotated documentary edition')
    writeFileSync(cli, original.replace('folio — build an annotated documentary edition', 'folio (changed) — build an annotated documentary edition'))
    expect((await run(dir, ['--help'])).stdout).toContain('folio (changed) — build')
    writeFileSync(cli, original)
    expect((await run(dir, ['--help'])).stdout).toContain('folio — build an annotated documentary edition')
    // The copy of the changed sources stays while a process may still load from it, and goes an hour after it was made.
    const copies = () => readdirSync(dir).filter((f) => f.startsWith('.folio-js'))
    expect(copies()).toHaveLength(2)
    const anHourAgo = new Date(Date.now() - 61 * 60 * 1000)
    for (const copy of copies()) utimesSync(join(dir, copy), anHourAgo, anHourAgo)
    expect((await run(dir, ['--help'])).stdout).toContain('folio — build an annotated documentary edition')
    expect(copies()).toHaveLength(1)
  }, 60_000)

  it('lets processes started together each run, from one whole copy', async () => {
    const dir = programCopy()
    const results = await Promise.all(Array.from({ length: 4 }, () => run(dir, ['--help'])))
    for (const r of results) {
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(/^ {2}build\s/m)
    }
    // One copy, whole; no staging copy is left behind.
    const copies = readdirSync(dir).filter((f) => f.startsWith('.folio-js'))
    expect(copies).toEqual([expect.stringMatching(/^\.folio-js-[0-9a-f]{16}$/)])
    expect(existsSync(join(dir, copies[0]!, 'cli.js'))).toBe(true)
  }, 60_000)
})
