/** The NCX (toc.ncx) for EPUB 2 reading systems: the contents as nested navPoints and the print page list. */
import { XmlDocument, type XmlElement } from '../xml.ts'
import { depth, type NavEntry } from './navigation.ts'

export function ncxDocument(p: { lang: string; identifier: string; title: string; toc: NavEntry[]; pages: Array<{ href: string; label: string }> }): string {
  const doc = new XmlDocument({ indent: true })
  const root = doc.root('http://www.daisy.org/z3986/2005/ncx/', 'ncx', { version: '2005-1', 'xml:lang': p.lang })
  const head = root.add('head')
  head.add('meta', { name: 'dtb:uid', content: p.identifier })
  head.add('meta', { name: 'dtb:depth', content: depth(p.toc) })
  head.add('meta', { name: 'dtb:totalPageCount', content: p.pages.length })
  head.add('meta', { name: 'dtb:maxPageNumber', content: Math.max(0, ...p.pages.map((page) => Number(page.label))) })
  root.add('docTitle').add('text', {}, p.title)
  // playOrder runs through the navMap and then the pageList.
  let order = 0
  const points = (parent: XmlElement, entries: NavEntry[]) => {
    for (const entry of entries) {
      order++
      const point = parent.add('navPoint', { id: `nav-${order}`, playOrder: order })
      point.add('navLabel').add('text', {}, entry.title)
      point.add('content', { src: entry.href })
      points(point, entry.children)
    }
  }
  points(root.add('navMap'), p.toc)
  if (p.pages.length > 0) {
    const list = root.add('pageList')
    list.add('navLabel').add('text', {}, 'Pages of the print edition')
    for (const page of p.pages) {
      order++
      const target = list.add('pageTarget', { id: `page-target-${page.label}`, type: 'normal', value: page.label, playOrder: order })
      target.add('navLabel').add('text', {}, page.label)
      target.add('content', { src: page.href })
    }
  }
  return doc.toString()
}
