/** The shipped fonts (@fontsource, SIL OFL): the same faces for HTML, EPUB and PDF, covering Latin and Cyrillic. */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { madeOnce } from '../memory.ts'

const require = createRequire(import.meta.url)

export interface FontFace {
  family: string
  /** The @fontsource package, e.g. `@fontsource/source-serif-4`. */
  pkg: string
  weight: number
  style: 'normal' | 'italic'
  subset: string
  /** CSS unicode-range of the subset. */
  range: string
  /** File name (without extension) inside the package's files/ folder. */
  file: string
}

/** Body text in Source Serif 4; labels, numbers and navigation in Source Sans 3. */
const families = [
  { family: 'Source Serif 4', pkg: '@fontsource/source-serif-4', stem: 'source-serif-4', faces: [[400, 'normal'], [400, 'italic'], [600, 'normal'], [700, 'normal'], [700, 'italic']] },
  { family: 'Source Sans 3', pkg: '@fontsource/source-sans-3', stem: 'source-sans-3', faces: [[400, 'normal'], [600, 'normal']] },
] as const

/** Subsets that cover every character of the witnesses and the editorial text (tested). */
export const subsets = ['latin', 'latin-ext', 'cyrillic'] as const

/** Where each family's package is installed. */
const packageDirs = new Map<string, string>(families.map((f) => [f.pkg, dirname(require.resolve(`${f.pkg}/package.json`))]))
const packageDir = (pkg: string) => packageDirs.get(pkg)!

export const fontFaces: FontFace[] = families.flatMap((f) => {
  const ranges = JSON.parse(readFileSync(join(packageDir(f.pkg), 'unicode.json'), 'utf8')) as Record<string, string>
  return f.faces.flatMap(([weight, style]) =>
    subsets.map((subset) => ({ family: f.family, pkg: f.pkg, weight, style, subset, range: ranges[subset]!, file: `${f.stem}-${subset}-${weight}-${style}` }))
  )
})

/** The bytes of a face in the given format: woff2 for the web and print, woff for EPUBCheck 4's core media types. */
export function fontFile(face: FontFace, format: 'woff2' | 'woff'): Buffer {
  return readFileSync(join(packageDir(face.pkg), 'files', `${face.file}.${format}`))
}

/**
 * @font-face rules for every shipped face; `url` says where a writer puts each file (a relative path, or a
 * data: URL for single-file outputs).
 */
export function fontFaceCss(format: 'woff2' | 'woff', url: (face: FontFace) => string): string {
  return fontFaces
    .map(
      (f) =>
        `@font-face { font-family: '${f.family}'; font-style: ${f.style}; font-weight: ${f.weight}; font-display: swap; ` +
        `src: url('${url(f)}') format('${format}'); unicode-range: ${f.range}; }`
    )
    .join('\n')
}

/**
 * The OFL licence texts, to ship beside the fonts: each family's copyright notice as its own font files state it
 * (name table, ID 0), then the licence. The packages' LICENSE files open with a holder line of their own (“Google
 * Inc.”, which is not the fonts' copyright holder); the licence is taken from its first sentence on.
 */
export function fontLicences(): string {
  const licences = families.map((f) => readFileSync(join(packageDir(f.pkg), 'LICENSE'), 'utf8'))
  // Made once on a machine for these files: reading a name table loads fontkit, whose start alone takes ~0.3 s.
  const text = () =>
    families
      .map((f, i) => {
        const licence = licences[i]!
        const from = licence.indexOf('This Font Software is licensed')
        return `${f.family} (${f.pkg})\n\n${copyrightOf(f.family)}\n\n${from >= 0 ? licence.slice(from) : licence}`
      })
      .join('\n\n' + '-'.repeat(72) + '\n\n')
  return madeOnce('font-licences.txt', [licences, families.map((f) => fontFile(regularOf(f.family), 'woff'))], text).toString('utf8')
}

/** A family's regular Latin face, whose name table holds the family's copyright notice. */
const regularOf = (family: string) => fontFaces.find((f) => f.family === family && f.subset === 'latin' && f.style === 'normal' && f.weight === 400)!

/** The copyright notice in the name table of a family's regular Latin face. */
function copyrightOf(family: string): string {
  const face = regularOf(family)
  const { create } = require('fontkit') as typeof import('fontkit')
  const font = create(fontFile(face, 'woff'))
  const copyright = 'copyright' in font ? font.copyright : undefined
  if (!copyright) throw new Error(`${face.file}.woff: no copyright notice in its name table`)
  return copyright
}

export const serif = "'Source Serif 4', serif"
export const sans = "'Source Sans 3', sans-serif"
