/**
 * The Content-Security-Policy of every HTML page Folio writes: scripts, styles, fonts and images come only from the
 * edition's own files or, inline, by the sha256 of their exact text, so nothing that slipped into a page (a link,
 * an attribute, a script) can run or load from elsewhere.
 */
import { createHash } from 'node:crypto'

/** Inline `<script>` and `<style>` elements (those with `src` load a file and need no hash). */
const inline = /<(script|style)(\s[^>]*)?>([\s\S]*?)<\/\1>/gi

/** The policy for `html`, whose inline scripts and styles are allowed by hash. */
export function contentSecurityPolicy(html: string): string {
  const hashes = { script: new Set<string>(), style: new Set<string>() }
  for (const [, tag, attributes = '', body = ''] of html.matchAll(inline)) {
    if (/\ssrc\s*=/i.test(attributes)) continue
    hashes[tag!.toLowerCase() as 'script' | 'style'].add(`'sha256-${createHash('sha256').update(body).digest('base64')}'`)
  }
  return [
    "default-src 'none'",
    ["script-src 'self'", ...[...hashes.script].sort()].join(' '),
    ["style-src 'self'", ...[...hashes.style].sort()].join(' '),
    "font-src 'self' data:",
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ')
}

/** `html` with its policy right after the head's charset, before any script or style it governs. */
export function withContentSecurityPolicy(html: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(html)}">`
  const after = /<meta charset="?utf-8"?>/i.exec(html) ?? /<head[^>]*>/i.exec(html)
  if (!after) throw new Error('an HTML page without <head>: no place for its Content-Security-Policy')
  const at = after.index + after[0].length
  return `${html.slice(0, at)}\n${meta}${html.slice(at)}`
}
