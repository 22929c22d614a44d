/** Print hyphenation: soft hyphens by the patterns of each passage's language, the edition's exceptions, TeX's minima. */
import type { ElementContent } from 'hast'
import { h } from 'hastscript'
import { describe, expect, it } from 'vitest'
import { textOf } from '../src/render/content.ts'
import { hyphenator } from '../src/render/pdf/hyphenation.ts'

const text = (nodes: ElementContent[]) => nodes.map(textOf).join('').replace(/\u00ad/g, '|')

describe('print hyphenation', () => {
  const hyphenate = hyphenator({ en: ['Nietz-sche', 'Infra-Wiki'] })

  it('puts soft hyphens at the break points of English words and changes nothing else', () => {
    const out = hyphenate([h('p', 'The establishment of international solidarity')], 'en')
    expect(text(out)).toBe('The es|tab|lish|ment of in|ter|na|tional sol|i|dar|ity')
  })

  it('keeps two letters before a break and three after it', () => {
    const broken = text(hyphenate([h('p', 'abolition academy century quickly')], 'en')).split(' ')
    for (const word of broken) for (const [i, part] of word.split('|').entries()) {
      if (i === 0) expect(part.length, word).toBeGreaterThanOrEqual(2)
      if (i === word.split('|').length - 1 && i > 0) expect(part.length, word).toBeGreaterThanOrEqual(3)
    }
  })

  it('breaks the exceptions only where edition.yaml says', () => {
    expect(text(hyphenate([h('p', 'Nietzsche and the InfraWiki')], 'en'))).toBe('Nietz|sche and the Infra|Wiki')
  })

  it('leaves code, addresses and headings alone, and follows a passage’s own language', () => {
    const out = hyphenate(
      [h('p', [h('code', 'international'), ' ', h('a', { href: 'https://example.org/international' }, 'https://example.org/international'), ' see www.example.org/information']), h('h2', 'International'), h('p', { lang: 'de' }, 'Arbeiterbewegung')],
      'en'
    )
    expect(text(out)).toBe('international https://example.org/international see www.example.org/informationInternationalAr|bei|ter|be|we|gung')
  })

  it('leaves a language without patterns unhyphenated', () => {
    expect(text(hyphenate([h('p', 'international')], 'zz'))).toBe('international')
  })

  it('holds a spaced dash to the word before it, and only the space before a spaced dash', () => {
    const out = text(hyphenate([h('p', 'the Left — in the form of — x–y and 1920 – 1930')], 'en'))
    expect(out).toBe('the Left\u00a0— in the form of\u00a0— x–y and 1920\u00a0– 1930')
  })
})
