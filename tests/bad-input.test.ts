/**
 * The bad-input corpus (tests/fixtures/bad/<case>/case.json): each case breaks a copy of the real sources; the
 * build must give `file:line:col  message  [code]` and exit 1 leaving dist/ as it was — or, for inputs that
 * must work (BOM, CRLF), succeed. The cases run through the CLI's entry point in this process (they fail while
 * the sources are read, long before any process-wide state matters); one runs as its own process too, for the
 * exit code and stderr a shell sees.
 */
import { createHash } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fixtures, folio, folioAsync, folioHere, scratchSources, snapshot } from './helpers.ts'

type Edit =
  | { write: string; text?: string; base64?: string; repeat?: string; bytes?: number }
  | { append: string; text?: string; base64?: string; repeat?: string; bytes?: number }
  | { prepend: string; text?: string; base64?: string }
  | { replace: string; from: string; to: string }
  | { delete: string }
  | { crlf: string; every?: number }
  /** Every line end made a CR alone (old Mac OS). */
  | { cr: string }
  | { rehash: string }
  /** A symbolic link at `symlink` to `to` (absolute, or relative to the link). */
  | { symlink: string; to: string }
  | { mkdir: string }
  | { mkfifo: string }
  /** A sparse file of `bytes` (no disk used). */
  | { sparse: string; bytes: number }

interface Case {
  edits: Edit[]
  /** The formats built (`--format`): markdown unless the case is about another. */
  formats?: string
  expect: {
    exit: 0 | 1
    code?: string
    where?: string
    message?: string
    output?: { file: string; contains: string }
    /** A file outside the sources: neither its sha256 nor any of its lines may appear in the output. */
    hides?: string
  }
}

function apply(dir: string, edit: Edit) {
  const at = (p: string) => join(dir, p)
  if ('write' in edit) {
    const data = edit.base64 !== undefined ? Buffer.from(edit.base64, 'base64') : edit.repeat ? Buffer.from(edit.repeat.repeat(Math.ceil(edit.bytes! / edit.repeat.length))) : Buffer.from(edit.text ?? '')
    writeFileSync(at(edit.write), data)
  } else if ('append' in edit) appendFileSync(at(edit.append), edit.base64 !== undefined ? Buffer.from(edit.base64, 'base64') : edit.repeat ? edit.repeat.repeat(Math.ceil(edit.bytes! / edit.repeat.length)) : edit.text!)
  else if ('prepend' in edit) writeFileSync(at(edit.prepend), Buffer.concat([edit.base64 !== undefined ? Buffer.from(edit.base64, 'base64') : Buffer.from(edit.text!), readFileSync(at(edit.prepend))]))
  else if ('replace' in edit) {
    const text = readFileSync(at(edit.replace), 'utf8')
    if (!text.includes(edit.from)) throw new Error(`case is stale: “${edit.from}” is not in ${edit.replace}`)
    writeFileSync(at(edit.replace), text.replace(edit.from, edit.to))
  } else if ('delete' in edit) rmSync(at(edit.delete))
  else if ('symlink' in edit) symlinkSync(edit.to, at(edit.symlink))
  else if ('mkdir' in edit) mkdirSync(at(edit.mkdir))
  else if ('mkfifo' in edit) spawnSync('mkfifo', [at(edit.mkfifo)])
  else if ('sparse' in edit) {
    writeFileSync(at(edit.sparse), '')
    truncateSync(at(edit.sparse), edit.bytes)
  }
  else if ('cr' in edit) writeFileSync(at(edit.cr), readFileSync(at(edit.cr), 'utf8').replace(/\r?\n/g, '\r'))
  else if ('crlf' in edit) {
    const lines = readFileSync(at(edit.crlf), 'utf8').split('\n')
    writeFileSync(at(edit.crlf), lines.map((l, i) => (i < lines.length - 1 && i % (edit.every ?? 1) === 0 ? `${l}\r` : l)).join('\n'))
  } else {
    const yaml = at(`${edit.rehash}/document.yaml`)
    const sha = createHash('sha256').update(readFileSync(at(`${edit.rehash}/witness.txt`))).digest('hex')
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace(/sha256: [0-9a-f]{64}/, `sha256: ${sha}`))
  }
}

const corpus = join(fixtures, 'bad')
const names = readdirSync(corpus).sort()

/** A scratch copy of the sources with an earlier build in dist/, broken by the case's edits. */
function broken(c: Case) {
  const dir = scratchSources()
  mkdirSync(join(dir, 'dist/markdown'), { recursive: true })
  writeFileSync(join(dir, 'dist/markdown/keep.md'), 'an earlier build\n')
  writeFileSync(join(dir, 'dist/.folio-build'), '') // made by folio build: a folder it may replace
  const before = snapshot(join(dir, 'dist'))
  for (const edit of c.edits) apply(dir, edit)
  return { dir, before, args: ['build', '--format', c.formats ?? 'markdown', '--sources', join(dir, 'sources'), '--out', join(dir, 'dist')] }
}

function expectOutcome(c: Case, dir: string, before: Record<string, string>, result: { code: number | null; stderr: string }) {
  if (c.expect.exit === 0) {
    expect(result.code, result.stderr).toBe(0)
    if (c.expect.output) expect(readFileSync(join(dir, 'dist', c.expect.output.file), 'utf8')).toContain(c.expect.output.contains)
    return
  }
  expect(result.code, result.stderr).toBe(1)
  const line = result.stderr.split('\n').find((l) => l.endsWith(`[${c.expect.code}]`))
  expect(line, result.stderr).toBeDefined()
  expect(line).toMatch(/^\S+:\d+:\d+ {2}.+ — .+ {2}\[F-[A-Z]+-\d{3}\]$/)
  expect(line).toContain(c.expect.where)
  if (c.expect.message) expect(line).toContain(c.expect.message)
  if (c.expect.hides) {
    const secret = readFileSync(c.expect.hides)
    const output = ('stdout' in result ? String(result.stdout) : '') + result.stderr
    expect(output).not.toContain(createHash('sha256').update(secret).digest('hex'))
    for (const l of secret.toString('utf8').split('\n').filter((l) => l.trim().length > 3)) expect(output).not.toContain(l)
  }
  expect(snapshot(join(dir, 'dist'))).toEqual(before)
}

const caseOf = (name: string) => JSON.parse(readFileSync(join(corpus, name, 'case.json'), 'utf8')) as Case

describe('bad input corpus', () => {
  it('has at least 25 cases', () => expect(names.length).toBeGreaterThanOrEqual(25))
  for (const name of names)
    it(name, async () => {
      const c = caseOf(name)
      const { dir, before, args } = broken(c)
      try {
        expectOutcome(c, dir, before, await folioHere(args))
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })
  it('gives the same diagnostic and exit code from the folio program (its own process)', async () => {
    const c = caseOf('yaml-syntax-error')
    const { dir, before, args } = broken(c)
    try {
      expectOutcome(c, dir, before, await folioAsync(args, dir))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('usage errors', () => {
  it('exit 2 and suggest the closest option', () => {
    const result = folio(['build', '--fromat', 'html'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('did you mean --format?')
  })
  it('an unknown command suggests the closest one', () => {
    const result = folio(['buidl'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('did you mean build?')
  })
})
