/** Shared by the tests: run the real CLI, make scratch source trees. (The real edition, built once: tests/setup/dist.ts.) */
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

export const project = fileURLToPath(new URL('..', import.meta.url))
export const fixtures = join(project, 'tests/fixtures')

export function folio(args: string[], cwd = project) {
  const result = spawnSync(process.execPath, [join(project, 'bin/folio.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** A scratch copy of sources/ that a test may break. */
export function scratchSources(): string {
  const dir = mkdtempSync(join(tmpdir(), 'folio-'))
  cpSync(join(project, 'sources'), join(dir, 'sources'), { recursive: true })
  return dir
}

/**
 * A scratch edition of one short document (the forum post), no editor's notes, no index entries, no packets:
 * a build of it takes a fraction of the real one's time, for tests of the machinery around builds.
 */
export function miniSources(): string {
  const dir = scratchSources()
  const kept = '04-anti-imperialist-internationalism'
  for (const name of readdirSync(join(dir, 'sources/documents'))) if (name !== kept) rmSync(join(dir, 'sources/documents', name), { recursive: true })
  const edition = join(dir, 'sources/edition.yaml')
  writeFileSync(edition, readFileSync(edition, 'utf8').replace(/^documents:\n(?: {2}- .*\n)+/m, `documents:\n  - ${kept}\n`).replace(/^packets:\n(?:(?: .*)?\n)*/m, 'packets: {}\n'))
  writeFileSync(join(dir, 'sources/annotations.yaml'), 'notes: []\n')
  writeFileSync(join(dir, 'sources/index.yaml'), 'entries: []\n')
  // The real front matter links to the documents this edition leaves out (doc:<folder>).
  for (const name of readdirSync(join(dir, 'sources/front'))) writeFileSync(join(dir, 'sources/front', name), `# ${name.replace(/\.md$/, '')}\n\nA short text of the editors.\n`)
  return dir
}

/** Every file under `dir` with its bytes, to prove a failed build left it untouched. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else out[relative(dir, p)] = readFileSync(p).toString('base64')
    }
  }
  walk(dir)
  return out
}

/** Like `folio`, without blocking: for tests that run many builds side by side. `env`: more environment variables. */
export function folioAsync(args: string[], cwd = project, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(project, 'bin/folio.js'), ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (code) => done({ code, stdout, stderr }))
  })
}

/**
 * The CLI's entry point (`main` of src/cli.ts) run in this process, its output captured: as `folio` gives it, without
 * starting a process (some 0.35 s of CPU each, seconds on a loaded machine). One at a time (it captures this process's
 * stdout and stderr, and works in `cwd`, as `folio` does, until it returns).
 */
export async function folioHere(args: string[], cwd = project): Promise<{ code: number; stdout: string; stderr: string }> {
  const { main } = await import('../src/cli.ts')
  const out = { stdout: '', stderr: '' }
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write }
  const was = process.cwd()
  process.chdir(cwd)
  // Its output goes to a pipe, as a spawned `folio`'s does: no terminal's colours or live progress.
  const terminals = { stdout: process.stdout.isTTY, stderr: process.stderr.isTTY }
  process.stdout.isTTY = false
  process.stderr.isTTY = false
  process.stdout.write = ((chunk: string | Uint8Array) => ((out.stdout += String(chunk)), true)) as typeof process.stdout.write
  process.stderr.write = ((chunk: string | Uint8Array) => ((out.stderr += String(chunk)), true)) as typeof process.stderr.write
  try {
    return { code: await main(args), ...out }
  } finally {
    process.stdout.write = writes.stdout
    process.stderr.write = writes.stderr
    process.stdout.isTTY = terminals.stdout
    process.stderr.isTTY = terminals.stderr
    process.chdir(was)
  }
}
