/**
 * The embedded fonts as WOFF (a core media type for EPUBCheck 4) and their @font-face rules. Each subset gets a
 * family of its own ("Source Serif 4", "Source Serif 4 Cyrillic", …) that styles/epub.css lists as fallbacks:
 * many reading systems ignore `unicode-range`, and per-family fallback works in all of them.
 */
import { fontFaces, fontFile, type FontFace } from '../fonts.ts'
import type { Resource } from './container.ts'

export function fontResources(): Resource[] {
  return fontFaces.map((face) => ({ href: href(face), data: fontFile(face, 'woff') }))
}

export function fontFaceRules(): string {
  return fontFaces
    .map((f) => `@font-face { font-family: '${familyOf(f)}'; font-style: ${f.style}; font-weight: ${f.weight}; src: url('${href(f)}') format('woff'); }`)
    .join('\n')
}

function familyOf(face: FontFace): string {
  if (face.subset === 'latin') return face.family
  const name = face.subset.split('-').map((w) => (w === 'ext' ? 'Ext' : w[0]!.toUpperCase() + w.slice(1))).join(' ')
  return `${face.family} ${name}`
}

function href(face: FontFace): string {
  return `fonts/${face.file}.woff`
}
