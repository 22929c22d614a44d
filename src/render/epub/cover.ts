/**
 * The cover: one design (title, subtitle, editor, publisher and version on a framed dark ground), laid out in
 * HTML with the book's own fonts and rasterised by Chromium to a JPEG, the cover image Calibre and Kindle
 * conversions can use (an SVG loaded as an image cannot reach the book's fonts). The same sources give the same
 * bytes: the page holds no clock, random or remote input.
 */
import { fontFaceCss, fontFile, sans, serif } from '../fonts.ts'
import type { Model } from '../model.ts'
import puppeteer from 'puppeteer'
import { chromiumArgs, requireChromium } from '../../environment.ts'
import { madeOnceAsync } from '../../memory.ts'

export const coverWidth = 1600
export const coverHeight = 2400

/** The cover's text alternative. */
export function coverAlt(model: Model): string {
  const { title, subtitle, editor } = model.meta
  return `${title}${subtitle ? `: ${subtitle}` : ''}. Edited by ${editor}.`
}

export function coverHtml(model: Model): string {
  const { title, subtitle, editor, publisher, version } = model.meta
  const fonts = fontFaceCss('woff2', (face) => `data:font/woff2;base64,${fontFile(face, 'woff2').toString('base64')}`)
  // A subtitle breaks after a dash when it must break: each dash-ended run is kept together where it fits.
  const runs = (subtitle ?? '').split(/(?<=[—–])\s+/).map((run) => `<span class="run">${escape(run)}</span>`).join(' ')
  return `<!DOCTYPE html>
<html lang="${escape(model.meta.language)}"><head><meta charset="utf-8"><style>
${fonts}
html, body { margin: 0; width: ${coverWidth}px; height: ${coverHeight}px; background: #1f2a36; overflow: hidden; }
.frame { position: absolute; inset: 100px; border: 6px solid #c9a25f; }
.rule { position: absolute; left: 130px; right: 130px; top: 520px; height: 8px; background: #c9a25f; }
.text { position: absolute; left: 200px; right: 200px; text-align: center; text-wrap: balance; }
.titles { top: 640px; color: #f4efe6; }
.title { font: 700 128px/1.15 ${serif}; }
.subtitle { margin-top: 80px; font: 400 64px/1.3 ${serif}; }
.run { display: inline-block; }
.editor { top: 1840px; font: 400 64px/1.2 ${sans}; letter-spacing: 4px; color: #c9a25f; }
.imprint { top: 1970px; font: 400 52px/1.2 ${sans}; color: #c9a25f; }
</style></head><body>
<div class="frame"></div><div class="rule"></div>
<div class="text titles"><div class="title">${escape(title)}</div><div class="subtitle">${runs}</div></div>
<div class="text editor">${escape(`Edited by ${editor}`)}</div>
<div class="text imprint">${escape(`${publisher} · version ${version}`)}</div>
</body></html>
`
}

/**
 * The cover as JPEG, drawn by Chromium from `coverHtml`: once on a machine for a page (starting Chromium is most of
 * an EPUB build's time, and the page changes only with the edition's title page).
 */
export function coverJpeg(html: string): Promise<Uint8Array> {
  return madeOnceAsync('epub-cover.jpg', [html], () => drawn(html))
}

async function drawn(html: string): Promise<Uint8Array> {
  const browser = await puppeteer.launch({ executablePath: requireChromium(), headless: true, args: [...chromiumArgs, '--font-render-hinting=none'] })
  try {
    const page = await browser.newPage()
    // The page needs nothing from outside (fonts are data: URLs): any other request is refused.
    await page.setRequestInterception(true)
    page.on('request', (request) => void (request.url().startsWith('data:') || request.url() === 'about:blank' ? request.continue() : request.abort('blockedbyclient')))
    await page.setViewport({ width: coverWidth, height: coverHeight, deviceScaleFactor: 1 })
    await page.setContent(html, { waitUntil: 'load' })
    await page.evaluate(() => document.fonts.ready)
    return await page.screenshot({ type: 'jpeg', quality: 80, clip: { x: 0, y: 0, width: coverWidth, height: coverHeight } })
  } finally {
    await browser.close()
  }
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}
