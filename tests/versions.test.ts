/** Versions are ordered as semver orders them: a pre-release comes before its release, so id lineage sees it. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { previousRecord, readRecords } from '../src/edition/releases.ts'

const sources = mkdtempSync(join(tmpdir(), '15-versions-'))
afterAll(() => rmSync(sources, { recursive: true, force: true }))
mkdirSync(join(sources, 'releases'))
for (const version of ['1.0.0', '1.0.0-rc.1', '0.9.0', '1.0.0-rc.2', '1.10.0', '1.2.0'])
  writeFileSync(join(sources, 'releases', `${version}.json`), JSON.stringify({ version, blocks: {}, retired: [] }))

describe('release versions', () => {
  it('are read in semver order: pre-releases before their release, 1.10 after 1.2', () => {
    expect(readRecords(sources).map((r) => r.version)).toEqual(['0.9.0', '1.0.0-rc.1', '1.0.0-rc.2', '1.0.0', '1.2.0', '1.10.0'])
  })
  it('a release keeps the ids of the release candidate before it', () => {
    expect(previousRecord(readRecords(sources), '1.0.0')?.version).toBe('1.0.0-rc.2')
    expect(previousRecord(readRecords(sources), '1.0.0-rc.2')?.version).toBe('1.0.0-rc.1')
  })
})
