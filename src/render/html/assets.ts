/** The files every page uses: stylesheets (from styles/), web fonts with their licence, and the client scripts. */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { projectPath } from '../../paths.ts'
import { fontFaceCss, fontFaces, fontFile, fontLicences } from '../fonts.ts'

export const stylesheet = (name: 'screen.css' | 'site-print.css') => readFileSync(projectPath('styles', name), 'utf8')
export const clientScript = (name: 'notes.js' | 'reader.js' | 'search.js' | 'search-terms.js') => readFileSync(projectPath('src/render/html/client', name), 'utf8')

/** Where the installed MiniSearch's browser build is: resolved once, as the package cannot move under a running process. */
const miniSearchBuild = join(dirname(fileURLToPath(import.meta.resolve('minisearch'))), '..', 'umd', 'index.js')

/** MiniSearch's browser build (it defines the global `MiniSearch`). */
export function miniSearchScript(): string {
  return readFileSync(miniSearchBuild, 'utf8')
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
