/**
 * A PDF build makes no DNS lookup and no connection except to loopback: one build of a one-document packet (of a
 * one-document edition) under `strace -f`, every socket call of Folio and Chromium read back. The packet's name has
 * spaces, `#`, `?` and letters outside ASCII, which once broke the pages' URLs.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { chromiumPath } from '../src/environment.ts'
import { miniSources, project } from './helpers.ts'

const strace = spawnSync('strace', ['-V']).status === 0
const why = !strace ? 'strace is not installed (apt-get install strace)' : !chromiumPath() ? 'Chromium is not installed' : ''

/** An address in an strace line that is neither loopback nor a unix or netlink socket. */
function outside(line: string): string | undefined {
  const v4 = /inet_addr\("([\d.]+)"\)/.exec(line)?.[1]
  if (v4 && !v4.startsWith('127.')) return v4
  const v6 = /inet_pton\(AF_INET6, "([^"]+)"/.exec(line)?.[1]
  if (v6 && v6 !== '::1' && !v6.startsWith('::ffff:127.')) return v6
  // A connected socket's remote end, as `-yy` shows it: 27<TCP:[127.0.0.1:44978->127.0.0.1:18717]>.
  const remote = /<(?:TCP|UDP)v?6?:\[[^\]]*->([^\]]+)\]>/.exec(line)?.[1]
  if (remote && !/^(127\.|\[::1\]|\[::ffff:127\.)/.test(remote)) return remote
  return undefined
}

describe.skipIf(why !== '')(`no network${why ? ` (skipped: ${why})` : ''}`, () => {
  it('a PDF build connects to nothing but loopback and resolves no name', () => {
    // A one-document edition: what a PDF build asks of the network does not depend on the size of the edition.
    const dir = miniSources()
    const packet = 'seminar week 1 — Ünïcødé #2?'
    const edition = join(dir, 'sources/edition.yaml')
    const yaml = readFileSync(edition, 'utf8')
    expect(yaml).toContain('packets: {}\n')
    writeFileSync(edition, yaml.replace('packets: {}\n', `packets:\n  "${packet}":\n    title: Seminar\n    documents: [1]\n`))
    const traced = mkdtempSync(join(tmpdir(), 'folio-strace-'))
    const log = join(traced, 'trace')
    try {
      const result = spawnSync('strace', ['-f', '--seccomp-bpf', '-yy', '-o', log, '-e', 'trace=connect,sendto,sendmsg,sendmmsg', process.execPath, join(project, 'bin/folio.js'), 'build', '--format', 'pdf', '--packet', packet, '--quiet'], { cwd: dir, encoding: 'utf8' })
      expect(result.status, result.stderr).toBe(0)
      expect(existsSync(join(dir, 'dist/packets', `${packet}.pdf`))).toBe(true)
      const calls = readFileSync(log, 'utf8').split('\n').filter((l) => /\b(connect|sendto|sendmsg|sendmmsg)\(/.test(l))
      expect(calls.some((l) => l.includes('127.0.0.1'))).toBe(true)
      // A UDP connect() sends nothing: Chromium's host resolver asks the kernel for a route to a public address
      // (its IPv6 reachability check) without a datagram, and no flag turns that off. Anything that carries
      // data — a TCP connection, a datagram — to an address outside loopback fails the test.
      const traffic = calls.filter((l) => !/connect\(\d+<UDP/.test(l)).filter((l) => outside(l))
      expect(traffic).toEqual([])
      expect(calls.filter((l) => /htons\(53\)/.test(l) && outside(l))).toEqual([])
    } finally {
      rmSync(dir, { recursive: true, force: true })
      rmSync(traced, { recursive: true, force: true })
    }
  })
})
