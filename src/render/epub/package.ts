/** The package document (content.opf): metadata, with accessibility and identity, manifest, spine and guide. */
import { XmlDocument } from '../xml.ts'
import type { Accessibility } from './accessibility.ts'
import type { Landmark } from './navigation.ts'

export interface PackageData {
  lang: string
  identifier: string
  editionId: string
  title: string
  subtitle?: string
  editor: string
  contributors: Array<{ name: string; role: string }>
  publisher: string
  published: string
  modified: string
  /** The print edition the page-break markers come from; empty without a page list. */
  pageSource: string
  rights: string
  description: string
  a11y: Accessibility
  items: Array<{ id: string; href: string; mediaType: string; properties?: string }>
  spine: Array<{ idref: string; linear: boolean }>
  landmarks: Landmark[]
  guideTypes: Record<string, string>
}

export function packageDocument(p: PackageData): string {
  const doc = new XmlDocument({ prefixes: { dc: 'http://purl.org/dc/elements/1.1/' }, indent: true })
  const root = doc.root('http://www.idpf.org/2007/opf', 'package', { version: '3.0', 'unique-identifier': 'pub-id', 'xml:lang': p.lang })
  const meta = root.add('metadata')
  meta.add('dc:identifier', { id: 'pub-id' }, p.identifier)
  meta.add('dc:identifier', { id: 'edition-id' }, p.editionId)
  meta.add('dc:title', { id: 'title' }, p.title)
  meta.add('meta', { refines: '#title', property: 'title-type' }, 'main')
  if (p.subtitle) {
    meta.add('dc:title', { id: 'subtitle' }, p.subtitle)
    meta.add('meta', { refines: '#subtitle', property: 'title-type' }, 'subtitle')
  }
  meta.add('dc:creator', { id: 'editor' }, p.editor)
  meta.add('meta', { refines: '#editor', property: 'role', scheme: 'marc:relators' }, 'edt')
  meta.add('meta', { refines: '#editor', property: 'file-as' }, p.editor)
  p.contributors.forEach((c, i) => {
    meta.add('dc:contributor', { id: `contributor-${i + 1}` }, c.name)
    meta.add('meta', { refines: `#contributor-${i + 1}`, property: 'role', scheme: 'marc:relators' }, c.role)
  })
  meta.add('dc:publisher', {}, p.publisher)
  meta.add('dc:language', {}, p.lang)
  meta.add('dc:date', {}, p.published)
  meta.add('meta', { property: 'dcterms:modified' }, p.modified)
  if (p.pageSource) {
    meta.add('dc:source', { id: 'page-source' }, p.pageSource)
    meta.add('meta', { refines: '#page-source', property: 'source-of' }, 'pagination')
  }
  meta.add('dc:rights', {}, p.rights)
  meta.add('dc:description', {}, p.description)
  const a11y: Array<[string, string[]]> = [
    ['schema:accessMode', p.a11y.accessModes],
    ['schema:accessModeSufficient', p.a11y.accessModesSufficient],
    ['schema:accessibilityFeature', p.a11y.features],
    ['schema:accessibilityHazard', p.a11y.hazards],
    ['schema:accessibilitySummary', [p.a11y.summary]],
  ]
  for (const [property, values] of a11y) for (const value of values) meta.add('meta', { property }, value)
  meta.add('meta', { property: 'dcterms:conformsTo', id: 'conformance' }, p.a11y.conformsTo)
  meta.add('meta', { property: 'a11y:certifiedBy', refines: '#conformance' }, p.a11y.certifiedBy)
  meta.add('meta', { name: 'cover', content: 'cover-image' })
  const manifest = root.add('manifest')
  for (const item of p.items) manifest.add('item', { id: item.id, href: item.href, 'media-type': item.mediaType, properties: item.properties })
  const spine = root.add('spine', { toc: 'ncx' })
  for (const ref of p.spine) spine.add('itemref', { idref: ref.idref, linear: ref.linear ? undefined : 'no' })
  const guide = root.add('guide')
  for (const l of p.landmarks) guide.add('reference', { type: p.guideTypes[l.type], title: l.title, href: l.href })
  return doc.toString()
}
