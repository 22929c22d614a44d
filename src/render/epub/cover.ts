/** The cover image, drawn as SVG from the edition's metadata: title, subtitle, editor, publisher and version. */
import type { Model } from '../model.ts'

const width = 1600
const height = 2400

export function coverSvg(model: Model): string {
  const { title, subtitle, editor, publisher, version } = model.meta
  const lines = [
    ...wrap(title, 18).map((text, i) => ({ text, y: 760 + i * 150, size: 128, weight: 700 })),
    ...wrap(subtitle ?? '', 34).map((text, i) => ({ text, y: 1160 + i * 84, size: 64, weight: 400 })),
  ]
  const text = lines.map((l) => `<text x="${width / 2}" y="${l.y}" font-size="${l.size}" font-weight="${l.weight}">${escape(l.text)}</text>`).join('\n    ')
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="cover-title">
  <title id="cover-title">${escape(`${title}${subtitle ? `: ${subtitle}` : ''}. Edited by ${editor}.`)}</title>
  <rect width="${width}" height="${height}" fill="#1f2a36"/>
  <rect x="100" y="100" width="${width - 200}" height="${height - 200}" fill="none" stroke="#c9a25f" stroke-width="6"/>
  <rect x="130" y="520" width="${width - 260}" height="8" fill="#c9a25f"/>
  <g fill="#f4efe6" text-anchor="middle" font-family="'Source Serif 4', Georgia, 'Times New Roman', serif">
    ${text}
  </g>
  <g fill="#c9a25f" text-anchor="middle" font-family="'Source Sans 3', 'Helvetica Neue', Arial, sans-serif">
    <text x="${width / 2}" y="1900" font-size="64" letter-spacing="4">${escape(`Edited by ${editor}`)}</text>
    <text x="${width / 2}" y="2020" font-size="52">${escape(`${publisher} · version ${version}`)}</text>
  </g>
</svg>
`
}

/** Greedy word wrap to lines of at most `max` characters (SVG 1.1 text does not wrap). */
function wrap(text: string, max: number): string[] {
  const lines: string[] = []
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1)
    if (last !== undefined && `${last} ${word}`.length <= max) lines[lines.length - 1] = `${last} ${word}`
    else lines.push(word)
  }
  return lines
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}
