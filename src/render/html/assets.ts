/** The files every page uses: stylesheets (from styles/), web fonts with their licence, and the client scripts. */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { transformSync } from 'esbuild'
import { madeOnce } from '../../memory.ts'
import { projectPath } from '../../paths.ts'
import { fontFaceCss, fontFaces, fontFile, fontLicences } from '../fonts.ts'

export const stylesheet = (name: 'screen.css' | 'site-print.css') => readFileSync(projectPath('styles', name), 'utf8')
export const clientScript = (name: 'notes.js' | 'reader.js' | 'search.js' | 'search-data.js') => readFileSync(projectPath('src/render/html/client', name), 'utf8')

/**
 * Minified by esbuild (same input and version, same bytes): what search loads is part of what a reader waits for.
 * Once on a machine for a script: esbuild starts a process of its own for it.
 */
const minified = (code: string) => madeOnce('minified.js', [code], () => transformSync(code, { minify: true, legalComments: 'none', charset: 'utf8' }).code).toString('utf8')

/** The search of every page: its overlay, the folding of terms and the reading of the index (client/search*.js; `;` as
 * the first file ends in an expression and the second begins with a parenthesis). */
export function searchScript(): string {
  return minified(`${clientScript('search-data.js')};\n${clientScript('search.js')}`)
}

/** Where the installed MiniSearch is: resolved once, as the package cannot move under a running process. */
const miniSearchFolder = join(dirname(fileURLToPath(import.meta.resolve('minisearch'))), '..', '..')
const miniSearchVersion = (JSON.parse(readFileSync(join(miniSearchFolder, 'package.json'), 'utf8')) as { version: string }).version

/** MiniSearch's browser build, minified (it defines the global `MiniSearch`), with its licence beside it. */
export function searchEngineFiles(): Array<{ name: string; data: string }> {
  const notice = `/*! MiniSearch ${miniSearchVersion}, copyright Luca Ongaro, MIT licence: minisearch-LICENSE.txt */\n`
  return [
    { name: 'minisearch.js', data: notice + minified(readFileSync(join(miniSearchFolder, 'dist', 'umd', 'index.js'), 'utf8')) },
    { name: 'minisearch-LICENSE.txt', data: readFileSync(join(miniSearchFolder, 'LICENSE.txt'), 'utf8') },
  ]
}

/** Files of the site's `fonts/` folder: woff2 faces, their @font-face rules and the OFL licence. */
export function fontFiles(): Array<{ name: string; data: string | Buffer }> {
  return [
    ...fontFaces.map((face) => ({ name: `${face.file}.woff2`, data: fontFile(face, 'woff2') })),
    { name: 'fonts.css', data: fontFaceCss('woff2', (face) => `${face.file}.woff2`) + '\n' },
    { name: 'OFL.txt', data: fontLicences() },
  ]
}

/** The @font-face rules with the fonts inlined, for the single-file archive. */
export function inlineFontCss(): string {
  return fontFaceCss('woff2', (face) => `data:font/woff2;base64,${fontFile(face, 'woff2').toString('base64')}`)
}
