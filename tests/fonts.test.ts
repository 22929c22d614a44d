/** The font licence text every format ships (HTML's fonts/OFL.txt, the EPUB's licence page): true to the font files. */
import { create, type Font } from 'fontkit'
import { describe, expect, it } from 'vitest'
import { fontFaces, fontFile, fontLicences } from '../src/render/fonts.ts'

describe('font licences', () => {
  it('name each family’s copyright holder as the font files’ own name tables do', () => {
    const text = fontLicences()
    for (const family of new Set(fontFaces.map((f) => f.family))) {
      const face = fontFaces.find((f) => f.family === family)!
      const copyright = (create(fontFile(face, 'woff')) as Font).copyright
      expect(copyright).toMatch(/Reserved Font Name/)
      expect(text).toContain(`${family} (${face.pkg})\n\n${copyright}\n\nThis Font Software is licensed under the SIL Open Font License`)
    }
    // The packages' LICENSE files open with a holder line of their own, which the fonts do not state.
    expect(text).not.toContain('Google Inc.')
  })
})
