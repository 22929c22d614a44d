// Bundles the CLI, src/cli.ts and the libraries it imports, into build/ (git-ignored); bin/folio.js imports it.
// `npm ci` and `npm install` run this as the `prepare` script; so does the test suite's global setup, so the tests
// never run a bundle older than src/. Node then loads a few dozen modules instead of some 460 TypeScript and library
// modules resolved and read one by one.
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const project = fileURLToPath(new URL('..', import.meta.url))
const out = join(project, 'build')
const packageJson = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'))

const result = await build({
  entryPoints: [join(project, 'src/cli.ts')],
  outdir: out,
  bundle: true,
  // The commands loaded only when run (check, release, …) stay chunks of their own, loaded when run.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // A stack trace names the TypeScript file and line; the maps without the sources load several times faster.
  sourcemap: 'linked',
  sourcesContent: false,
  // Loaded from node_modules as installed: the browser driver and the EPUB container library, which read files of
  // their own, esbuild (it runs its own binary: the HTML writer minifies the search scripts with it), and the dev
  // dependencies (the validators `folio check` runs when they are installed).
  // write-file-atomic names its own __filename, which an ESM bundle does not have; subset-font's harfbuzz loads its
  // WebAssembly file from beside itself.
  external: ['puppeteer', 'esbuild', 'epub-gen-memory', 'write-file-atomic', 'subset-font', ...Object.keys(packageJson.devDependencies ?? {})],
  // For the CommonJS libraries in the bundle that require Node's modules.
  banner: { js: "import { createRequire as folioCreateRequire } from 'node:module'; const require = folioCreateRequire(import.meta.url);" },
  metafile: true,
  logLevel: 'error',
})

// Chunks of earlier bundles go; build/ is never empty meanwhile, so a folio already running keeps its entry.
const made = new Set(Object.keys(result.metafile.outputs).map((path) => relative(out, join(project, path))))
for (const name of readdirSync(out)) if (!made.has(name)) rmSync(join(out, name), { force: true })
