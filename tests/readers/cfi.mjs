// Prints an EPUB CFI for each `name=file#id` argument of a book: the step path to the element, as Foliate stores a
// reading position.   node tests/readers/cfi.mjs BOOK.epub cover=cover.xhtml index=index.xhtml#index-A …
import { execFileSync } from 'node:child_process'
import { fromHtml } from 'hast-util-from-html'

const [epub, ...views] = process.argv.slice(2)
const read = (name) => execFileSync('unzip', ['-p', epub, `OEBPS/${name}`], { encoding: 'utf8', maxBuffer: 1 << 26 })
const opf = read('content.opf')
const ids = new Map([...opf.matchAll(/<item id="([^"]+)" href="([^"]+)"/g)].map((m) => [m[2], m[1]]))
const spine = [...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((m) => m[1])
const out = views.map((view) => {
  const [name, target] = view.split('=')
  const [file, id] = target.split('#')
  const idref = ids.get(file)
  const tree = fromHtml(read(file))
  const html = tree.children.find((n) => n.type === 'element')
  // Element steps are even numbers counting element children from 2; the body is /4 of html.
  const path = (node, acc) => {
    const elements = node.children.filter((c) => c.type === 'element')
    for (let i = 0; i < elements.length; i++) {
      const el = elements[i]
      const step = [...acc, `${(i + 1) * 2}${el.properties.id ? `[${el.properties.id}]` : ''}`]
      if (id ? el.properties.id === id : el.tagName === 'body') return step
      const deeper = path(el, step)
      if (deeper) return deeper
    }
  }
  const steps = path(html, []) ?? ['4']
  return `${name}=epubcfi(/6/${(spine.indexOf(idref) + 1) * 2}[${idref}]!/${steps.join('/')})`
})
console.log(out.join(' '))
