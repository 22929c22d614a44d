/**
 * package.json as a careful maintainer keeps it: what the program imports when it loads is a runtime dependency, so
 * an install without dev dependencies runs; a dev dependency (a validator) is only ever loaded on demand, where its
 * absence is reported as "unavailable"; type declarations and build tools are dev dependencies.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { walkFiles } from '../src/walk-files.ts'
import { project } from './helpers.ts'

const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> }
const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/')
const isPackage = (specifier: string) => !specifier.startsWith('.') && !specifier.startsWith('node:')

/** The program's own code: src/, the CLI's bin and build script. */
const files = [...walkFiles(join(project, 'src')).map((f) => join('src', f)), 'bin/folio.js', 'scripts/build-cli.js'].filter((f) => /\.(ts|js)$/.test(f))
const code = files.map((f) => ({ file: f, text: readFileSync(join(project, f), 'utf8') }))

/** `import … from 'x'` at the top of a module, type-only imports aside. */
const staticImports = code.flatMap(({ file, text }) =>
  [...text.matchAll(/^import (?!type )[^'"]*?from '([^']+)'/gm), ...text.matchAll(/^import '([^']+)'/gm)].map((m) => ({ file, name: m[1]! })).filter((i) => isPackage(i.name))
)
describe('dependencies', () => {
  it('what the program imports when it loads is a runtime dependency', () => {
    const notRuntime = staticImports.filter((i) => !(packageOf(i.name) in pkg.dependencies)).map((i) => `${i.file}: ${i.name}`)
    expect(notRuntime).toEqual([])
  })
  it('type declarations and build tools are dev dependencies', () => {
    expect(Object.keys(pkg.dependencies).filter((name) => name.startsWith('@types/') || ['typescript', 'tsx', 'vitest'].includes(name))).toEqual([])
  })
})
