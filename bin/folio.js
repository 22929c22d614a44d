#!/usr/bin/env node
// Runs Folio's TypeScript sources with no compile step to run by hand. On the first run after src/ changed, esbuild
// strips the types, file for file, into .folio-js-<digest>/ beside src/ (half a second); every run then loads that
// JavaScript natively, without a loader hook between Node and each of the several hundred modules a build loads
// (through tsx's hook a command took about 0.7 s longer). Beside src/, at the same depth, a module's paths relative
// to itself (templates/, styles/, node_modules/, package.json) hold there as they do in src/.
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const project = fileURLToPath(new URL('..', import.meta.url))
const src = join(project, 'src')

/** Every file under src/, sorted; the JavaScript is made again when any of them, or esbuild, changes. */
const files = readdirSync(src, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => relative(src, join(entry.parentPath ?? entry.path, entry.name)))
  .sort()
const esbuildVersion = JSON.parse(readFileSync(join(project, 'node_modules/esbuild/package.json'), 'utf8')).version
const hash = createHash('sha256').update(`esbuild ${esbuildVersion}\0`)
for (const file of files) hash.update(`${file}\0`).update(readFileSync(join(src, file))).update('\0')
const digest = hash.digest('hex')
const out = join(project, `.folio-js-${digest.slice(0, 16)}`)

if (!existsSync(join(out, 'cli.js'))) await transpile()

// A stack trace names the TypeScript file and line, through the source maps esbuild wrote.
process.setSourceMapsEnabled(true)
const { main } = await import(pathToFileURL(join(out, 'cli.js')).href)
process.exitCode = await main(process.argv.slice(2))

/**
 * Into a staging folder of its own, then renamed to the folder named by the digest. The folder of a digest is only
 * ever made whole and never replaced, so a process loading it (the tests start several together) never sees it
 * half-written or moved away; of processes that made the same copy at once, the first rename wins and the others
 * drop theirs. Copies of older sources are removed once the new one is in place.
 */
async function transpile() {
  const { build } = await import('esbuild')
  const { init, parse } = await import('es-module-lexer')
  const staging = `${out}.tmp-${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  const typescript = files.filter((file) => file.endsWith('.ts'))
  try {
    const result = await build({
      entryPoints: typescript.map((file) => join(src, file)),
      outbase: src,
      outdir: staging,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: 'linked',
      write: false,
      logLevel: 'error',
    })
    await init
    for (const file of result.outputFiles) {
      mkdirSync(dirname(file.path), { recursive: true })
      writeFileSync(file.path, file.path.endsWith('.js') ? withJsSpecifiers(file.text, parse) : file.contents)
    }
    // Scripts and other files that modules read beside themselves (the browser scripts, for one).
    for (const file of files.filter((f) => !f.endsWith('.ts'))) cpSync(join(src, file), join(staging, file))
  } catch (error) {
    // esbuild has printed where src/ does not parse; nothing half-made is left.
    rmSync(staging, { recursive: true, force: true })
    throw error
  }
  try {
    renameSync(staging, out)
  } catch {
    // Another process renamed the same copy into place first.
    rmSync(staging, { recursive: true, force: true })
  }
  for (const name of readdirSync(project)) {
    if (/^\.folio-js-[0-9a-f]{16}$/.test(name) && join(project, name) !== out) {
      rmSync(join(project, name), { recursive: true, force: true })
    }
  }
}

/** `./x.ts` → `./x.js` in every relative import (static or dynamic) of a module, found by es-module-lexer. */
function withJsSpecifiers(code, parse) {
  const [imports] = parse(code)
  let rewritten = ''
  let at = 0
  for (const { n: specifier, s: start, e: end } of imports) {
    if (!specifier || !/^\.\.?\//.test(specifier) || !specifier.endsWith('.ts')) continue
    rewritten += code.slice(at, start) + code.slice(start, end).replace(/\.ts(?=['"]?$)/, '.js')
    at = end
  }
  return rewritten + code.slice(at)
}
