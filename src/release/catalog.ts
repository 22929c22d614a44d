/** The archive's catalog: editions/index.html, catalog.json and an OPDS 1.2 acquisition feed (opds.xml). */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import writeFileAtomic from 'write-file-atomic'
import { withContentSecurityPolicy } from '../render/html/csp.ts'
import { XmlDocument } from '../render/xml.ts'
import { join } from 'node:path'
import { compare } from 'semver'
import type { ReleaseRecord } from '../edition/releases.ts'

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

export function archivedRecords(archive: string): ReleaseRecord[] {
  if (!existsSync(archive)) return []
  return readdirSync(archive)
    .filter((v) => !v.startsWith('.') && existsSync(join(archive, v, 'manifest.json')))
    .map((v) => JSON.parse(readFileSync(join(archive, v, 'manifest.json'), 'utf8')) as ReleaseRecord)
    .sort((a, b) => compare(b.version, a.version))
}

/** The downloads of a version: its EPUB and PDFs (with packets). */
function downloads(r: ReleaseRecord) {
  return r.outputs.filter((o) => /\.(epub|pdf)$/.test(o.path))
}

const mediaType = (path: string) => (path.endsWith('.epub') ? 'application/epub+zip' : 'application/pdf')

export function writeCatalog(archive: string): void {
  const records = archivedRecords(archive)
  writeFileAtomic.sync(join(archive, 'catalog.json'), JSON.stringify({ editions: records.map(({ blocks, retired, ...r }) => ({ ...r, downloads: downloads({ ...r, blocks, retired }) })) }, null, 2) + '\n')
  writeFileAtomic.sync(join(archive, 'opds.xml'), opds(records))
  writeFileAtomic.sync(join(archive, 'index.html'), withContentSecurityPolicy(html(records)))
}

function opds(records: ReleaseRecord[]): string {
  const latest = records[0]
  const feedType = 'application/atom+xml;profile=opds-catalog;kind=acquisition'
  const doc = new XmlDocument({ prefixes: { dc: 'http://purl.org/dc/terms/', opds: 'http://opds-spec.org/2010/catalog' }, indent: true })
  const feed = doc.root('http://www.w3.org/2005/Atom', 'feed')
  feed.add('id', {}, `urn:folio:${latest?.slug ?? 'edition'}:catalog`)
  feed.add('title', {}, `${latest?.title ?? 'Editions'}: all versions`)
  feed.add('updated', {}, `${latest?.date ?? '1970-01-01'}T00:00:00Z`)
  feed.add('author').add('name', {}, 'Folio')
  feed.add('link', { rel: 'self', href: 'opds.xml', type: feedType })
  feed.add('link', { rel: 'start', href: 'opds.xml', type: feedType })
  for (const r of records) {
    const entry = feed.add('entry')
    entry.add('title', {}, `${r.title} (version ${r.version})`)
    entry.add('id', {}, `urn:folio:${r.slug}:${r.version}`)
    entry.add('updated', {}, `${r.date}T00:00:00Z`)
    entry.add('dc:identifier', {}, `urn:folio:${r.slug}:${r.version}`)
    entry.add('dc:issued', {}, r.date)
    entry.add('content', { type: 'text' }, `Version ${r.version}. Source hash ${r.sourceHash}. ${downloads(r).map((o) => `${o.path}: ${o.bytes} bytes, sha256 ${o.sha256}`).join('; ')}`)
    for (const o of downloads(r)) entry.add('link', { rel: 'http://opds-spec.org/acquisition', type: mediaType(o.path), href: `${r.version}/${o.path}`, length: o.bytes, title: o.path })
  }
  return doc.toString()
}

function html(records: ReleaseRecord[]): string {
  const size = (n: number) => (n > 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`)
  const rows = records
    .map(
      (r) => `<section><h2 id="v${esc(r.version)}">Version ${esc(r.version)} <small>${r.date}</small></h2>
${r.notes ? `<p>${esc(r.notes)}</p>` : ''}<ul>${downloads(r).map((o) => `<li><a href="${esc(`${r.version}/${o.path}`)}">${esc(o.path)}</a> (${size(o.bytes)}, sha256 <code>${o.sha256.slice(0, 16)}…</code>)</li>`).join('')}
<li><a href="${esc(r.version)}/html/index.html">Read online</a> · <a href="${esc(r.version)}/manifest.json">manifest</a></li></ul></section>`
    )
    .join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(records[0]?.title ?? 'Editions')}: all versions</title>
<link rel="alternate" type="application/atom+xml;profile=opds-catalog;kind=acquisition" href="opds.xml" title="OPDS catalog">
<style>body{font-family:serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}code{font-size:.85em}</style></head>
<body><main><h1>${esc(records[0]?.title ?? 'Editions')}: all versions</h1>
<p>Every released version is kept unchanged; each file's sha256 is in its manifest. E-reader apps can browse this list as an <a href="opds.xml">OPDS catalog</a>.</p>
${rows}</main></body></html>
`
}
