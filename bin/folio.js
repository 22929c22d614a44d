#!/usr/bin/env node
// Runs Folio's TypeScript sources with no compile step to run by hand. On the first run after src/ changed, esbuild
// bundles src/cli.ts with the libraries it imports into .folio-js-<digest>/ (under a second); every run then loads
// that JavaScript natively: a few dozen modules instead of some 460 TypeScript and library modules, each resolved and
// read on its own (through tsx's loader hook a command took about 0.7 s longer; unbundled, 0.3 s). Modules find the
// project's files through src/paths.ts, one folder below the project in src/ and in .folio-js-<digest>/ alike.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const project = fileURLToPath(new URL('..', import.meta.url))
const src = join(project, 'src')

/** Every file under src/, sorted. The bundle is made again when any of them changes, or this script, or the libraries. */
const files = readdirSync(src, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => relative(src, join(entry.parentPath ?? entry.path, entry.name)))
  .sort()
const hash = createHash('sha256')
for (const file of [fileURLToPath(import.meta.url), join(project, 'package-lock.json')]) hash.update(readFileSync(file)).update('\0')
for (const file of files) hash.update(`${file}\0`).update(readFileSync(join(src, file))).update('\0')
const digest = hash.digest('hex')
const out = join(project, `.folio-js-${digest.slice(0, 16)}`)

if (!existsSync(join(out, 'cli.js'))) await bundle()
removeOldCopies()

// A stack trace names the TypeScript file and line, through the source maps esbuild wrote.
process.setSourceMapsEnabled(true)
const { main } = await import(pathToFileURL(join(out, 'cli.js')).href)
process.exitCode = await main(process.argv.slice(2))

/**
 * Into a staging folder of its own, then renamed to the folder named by the digest. The folder of a digest is only
 * ever made whole and never replaced, so a process loading it (the tests start several together) never sees it
 * half-written or moved away; of processes that made the same copy at once, the first rename wins and the others
 * drop theirs.
 */
async function bundle() {
  const { build } = await import('esbuild')
  const packageJson = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'))
  const staging = `${out}.tmp-${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  try {
    await build({
      entryPoints: [join(src, 'cli.ts')],
      outdir: staging,
      bundle: true,
      // The commands loaded only when run (check, release, …) stay chunks of their own, loaded when run.
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: 'linked',
      // A stack trace needs positions only; the maps without the sources load several times faster.
      sourcesContent: false,
      // Loaded from node_modules as installed: the browser driver and the EPUB container library, which read files of
      // their own, and the dev dependencies (the validators `folio check` runs when they are installed). The other
      // dependencies (unified, remark, hast utilities, zod, yaml, …) read nothing beside themselves.
      external: ['puppeteer', 'epub-gen-memory', ...Object.keys(packageJson.devDependencies ?? {})],
      // For the CommonJS libraries in the bundle that require Node's modules.
      banner: { js: "import { createRequire as folioCreateRequire } from 'node:module'; const require = folioCreateRequire(import.meta.url);" },
      logLevel: 'error',
    })
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
}

/**
 * A process keeps loading chunks from its copy while it runs (a build loads the PDF writer when it gets there), so a
 * copy of other sources is removed only an hour after it was made; so is a staging folder left by a killed process.
 */
function removeOldCopies() {
  const madeBefore = Date.now() - 60 * 60 * 1000
  for (const name of readdirSync(project)) {
    const path = join(project, name)
    if (path === out || !/^\.folio-js-[0-9a-f]{16}(\.tmp-\d+)?$/.test(name)) continue
    try {
      if (statSync(path).mtimeMs < madeBefore) rmSync(path, { recursive: true, force: true })
    } catch {} // removed by another process meanwhile
  }
}
