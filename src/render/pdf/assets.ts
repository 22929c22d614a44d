/** What the print page loads from the loopback server: fonts, print styles, Paged.js and the paginating script. */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { projectPath } from '../../paths.ts'
import { fontFaceCss, fontFaces, fontFile } from '../fonts.ts'
import type { PageSize } from '../writer.ts'
import type { Site } from './server.ts'

const styles = projectPath('styles')
/** pagedjs does not export its dist/ files: find the package from its main entry. */
const pagedjs = join(dirname(createRequire(import.meta.url).resolve('pagedjs')), '..')

export interface Assets {
  stylesheets: string[]
  scripts: string[]
}

export function publishAssets(site: Site, pageSize: PageSize): Assets {
  const css = 'text/css; charset=utf-8'
  const js = 'text/javascript; charset=utf-8'
  for (const face of fontFaces) site.put(`/fonts/${face.file}.woff2`, { type: 'font/woff2', body: fontFile(face, 'woff2') })
  site.put('/fonts.css', { type: css, body: fontFaceCss('woff2', (face) => `/fonts/${face.file}.woff2`) })
  site.put('/print.css', { type: css, body: readFileSync(join(styles, 'print.css')) })
  site.put(`/print-${pageSize}.css`, { type: css, body: readFileSync(join(styles, `print-${pageSize}.css`)) })
  site.put('/paged.polyfill.js', { type: js, body: readFileSync(join(pagedjs, 'dist/paged.polyfill.js')) })
  site.put('/paginate.js', { type: js, body: readFileSync(projectPath('src/render/pdf/paginate.browser.js')) })
  return { stylesheets: ['/fonts.css', '/print.css', `/print-${pageSize}.css`], scripts: ['/paged.polyfill.js', '/paginate.js'] }
}
