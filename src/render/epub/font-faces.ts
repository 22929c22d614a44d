/**
 * The embedded fonts and their @font-face rules. Each face is subset to the characters the book uses (the OFL
 * allows it; the copyright and licence strings of the name table are kept, and the licence page ships with the
 * book), and written as TrueType, which Calibre can carry into Kindle formats (it drops WOFF). A face none of whose
 * characters the book uses is left out. Each subset keeps a family of its own ("Source Serif 4",
 * "Source Serif 4 Cyrillic", …) that styles/epub.css lists as fallbacks: many reading systems ignore
 * `unicode-range`, and per-family fallback works in all of them.
 */
import subsetFont from 'subset-font'
import { fontFaces, fontFile, type FontFace } from '../fonts.ts'
import type { Resource } from './container.ts'
import { madeOnceAsync } from '../../memory.ts'

export interface EmbeddedFont extends Resource {
  face: FontFace
}

/** Name IDs kept in the subsets beyond harfbuzz's defaults (1–6): copyright, trademark, licence and its URL. */
const keptNames = [0, 7, 13, 14]

export async function embeddedFonts(text: string): Promise<EmbeddedFont[]> {
  const used = [...new Set(text)].join('')
  const faces = fontFaces.filter((face) => [...used].some((ch) => inRange(ch.codePointAt(0)!, face.range)))
  return Promise.all(
    faces.map(async (face) => {
      const characters = [...used].filter((ch) => inRange(ch.codePointAt(0)!, face.range)).join('')
      // Subsetting takes harfbuzz a while per face: each subset is made once on a machine for its characters.
      const font = fontFile(face, 'woff')
      const data = await madeOnceAsync('font-subset.ttf', [font, characters, keptNames], () => subsetFont(font, characters, { targetFormat: 'truetype', preserveNameIds: keptNames }))
      return { face, href: `fonts/${face.file}.ttf`, data }
    })
  )
}

export function fontFaceRules(fonts: EmbeddedFont[]): string {
  return fonts
    .map(({ face: f, href }) => `@font-face { font-family: '${familyOf(f)}'; font-style: ${f.style}; font-weight: ${f.weight}; src: url('${href}') format('truetype'); }`)
    .join('\n')
}

/** Whether a code point is in a CSS unicode-range list (`U+0000-00FF, U+0131, U+02??`). */
export function inRange(code: number, range: string): boolean {
  return range.split(',').some((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-')
    const low = parseInt(from!.replace(/\?/g, '0'), 16)
    const high = to !== undefined ? parseInt(to, 16) : parseInt(from!.replace(/\?/g, 'F'), 16)
    return code >= low && code <= high
  })
}

function familyOf(face: FontFace): string {
  if (face.subset === 'latin') return face.family
  const name = face.subset.split('-').map((w) => (w === 'ext' ? 'Ext' : w[0]!.toUpperCase() + w.slice(1))).join(' ')
  return `${face.family} ${name}`
}
