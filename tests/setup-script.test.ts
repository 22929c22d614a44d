/**
 * scripts/setup.sh, the README's first line, run with fake `apt-get`, `dpkg-query`, `id` and `npm` on PATH: what it
 * would install, that it runs `apt-get update` once, and that as another user than root it only prints the command.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { project } from './helpers.ts'

const fakes = mkdtempSync(join(tmpdir(), '15-setup-'))
afterAll(() => rmSync(fakes, { recursive: true, force: true }))

/** Each fake appends its arguments to calls.log; dpkg-query knows the packages in $FAKE_INSTALLED. */
const scripts: Record<string, string> = {
  'apt-get': 'echo "apt-get $*" >> "$FAKE_LOG"',
  npm: 'echo "npm $*" >> "$FAKE_LOG"',
  id: '[ "$1" = -u ] && echo "$FAKE_UID"',
  'dpkg-query': 'for p in $FAKE_INSTALLED; do [ "$p" = "$3" ] && { printf "install ok installed"; exit 0; }; done; exit 1',
}
for (const [name, body] of Object.entries(scripts)) {
  writeFileSync(join(fakes, name), `#!/bin/sh\n${body}\n`)
  chmodSync(join(fakes, name), 0o755)
}

/** The packages a list file names, without its comments. */
const listed = (file: string) =>
  readFileSync(join(project, 'scripts', file), 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean)
const needed = listed('debian-packages.txt')
const desktop = listed('debian-packages-desktop.txt')

function setup(options: { uid: number; installed: string[]; args?: string[] }) {
  const log = join(fakes, `calls-${Math.random().toString(36).slice(2)}.log`)
  const result = spawnSync('sh', [join(project, 'scripts/setup.sh'), ...(options.args ?? [])], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${fakes}:${process.env.PATH}`, FAKE_LOG: log, FAKE_UID: String(options.uid), FAKE_INSTALLED: options.installed.join(' ') },
  })
  const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, calls }
}

describe('scripts/setup.sh', () => {
  it('lists what the build, the validators and the reader tests need', () => {
    expect(needed).toEqual(expect.arrayContaining(['chromium', 'default-jre-headless', 'epubcheck', 'qpdf', 'poppler-utils', 'calibre']))
  })

  it('as root installs only the missing packages, after one apt-get update, then runs npm ci', () => {
    const missing = [needed[0]!, needed[2]!]
    const result = setup({ uid: 0, installed: needed.filter((p) => !missing.includes(p)) })
    expect(result.code, result.stderr).toBe(0)
    expect(result.calls).toEqual(['apt-get update', `apt-get install -y ${missing.join(' ')}`, 'npm ci --no-audit --no-fund'])
    expect(result.stdout).toContain(`installing the missing Debian packages: ${missing.join(' ')}`)
    expect(result.stdout).toContain(`running apt-get install -y ${missing.join(' ')}`)
  })

  it('as another user prints the one command to run as root and exits 3, running nothing', () => {
    const result = setup({ uid: 1000, installed: [] })
    expect(result.code).toBe(3)
    expect(result.calls).toEqual([])
    expect(result.stdout).toBe(`sudo apt-get update && sudo apt-get install -y ${needed.join(' ')}\n`)
    expect(result.stderr).toContain('missing')
  })

  it('with everything installed runs no apt-get, for any user', () => {
    const result = setup({ uid: 1000, installed: needed })
    expect(result.code, result.stderr).toBe(0)
    expect(result.calls).toEqual(['npm ci --no-audit --no-fund'])
  })

  it('--desktop adds the optional reader and screenshot tools', () => {
    const result = setup({ uid: 1000, installed: needed, args: ['--desktop'] })
    expect(result.code).toBe(3)
    expect(result.stdout).toBe(`sudo apt-get update && sudo apt-get install -y ${desktop.join(' ')}\n`)
  })

  it('refuses an unknown option with exit 2', () => {
    expect(setup({ uid: 0, installed: needed, args: ['--dekstop'] }).code).toBe(2)
  })
})
