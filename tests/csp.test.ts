/**
 * Every HTML page Folio writes carries a strict Content-Security-Policy: its own inline scripts and styles run by
 * hash, nothing else does — a script or `javascript:` link that slipped into a page is refused by the browser.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import puppeteer from 'puppeteer'
import { describe, expect, it } from 'vitest'
import { chromiumPath } from '../src/environment.ts'
import { walkFiles } from '../src/walk-files.ts'
import { dist } from './setup/dist.ts'

const policyOf = (html: string) => /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]
const archivePath = join(dist, 'infrared-maga-communism.html')

describe('Content-Security-Policy', () => {
  const pages = [archivePath, ...walkFiles(join(dist, 'html')).filter((f) => f.endsWith('.html')).map((f) => join(dist, 'html', f))]

  it('every HTML page has one, before any script or style, with a hash for each inline script and style', () => {
    expect(pages.length).toBeGreaterThan(5)
    for (const page of pages) {
      const html = readFileSync(page, 'utf8')
      const policy = policyOf(html)
      expect(policy, page).toBeDefined()
      expect(policy).toContain("default-src 'none'")
      expect(policy).not.toContain('unsafe')
      expect(html.indexOf('Content-Security-Policy')).toBeLessThan(Math.min(...['<script', '<style', '<link'].map((t) => (html.includes(t) ? html.indexOf(t) : Infinity))))
      for (const [, tag, body] of html.matchAll(/<(script|style)>([\s\S]*?)<\/\1>/g))
        expect(policy, `${page}: inline ${tag}`).toContain(`'sha256-${createHash('sha256').update(body!).digest('base64')}'`)
    }
  })

  it.skipIf(!chromiumPath())('in Chromium the archive’s own script and styles run, an injected script and a javascript: link do not', async () => {
    const html = readFileSync(archivePath, 'utf8').replace('</body>', '<script>window.injected = 1</script><a id="bad" href="javascript:window.clicked=1">x</a></body>')
    const browser = await puppeteer.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'], headless: true })
    try {
      const page = await browser.newPage()
      const refused: string[] = []
      // Chromium reports each refusal on the console.
      page.on('console', (m) => /Content Security Policy/.test(m.text()) && refused.push(m.text()))
      await page.setContent(html, { waitUntil: 'load' })
      await page.click('#bad')
      const state = await page.evaluate(() => ({
        injected: (window as { injected?: number }).injected,
        clicked: (window as { clicked?: number }).clicked,
        font: getComputedStyle(document.body).fontFamily,
      }))
      expect(state.injected).toBeUndefined()
      expect(state.clicked).toBeUndefined()
      expect(state.font).toContain('Source Serif 4')
      // Exactly the two injected things, nothing of the archive's own.
      expect(refused.length, refused.join('\n')).toBe(2)
    } finally {
      await browser.close()
    }
  })
})
