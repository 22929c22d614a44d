/** Puts each note's text at its first call, as the inline element Paged.js floats to the foot of the page. */
import type { Element, ElementContent, Root } from 'hast'
import { h } from 'hastscript'
import { visit, SKIP } from 'unist-util-visit'
import { copyContent, type Note } from '../model.ts'

/** Elements that would close an open paragraph in HTML become spans: a footnote lives inside the text's line. */
const blocks = new Set(['p', 'div', 'blockquote', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'pre', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'])

export function withFootnotes(body: ElementContent[], notes: Note[]): ElementContent[] {
  const byCall = new Map(notes.map((n) => [n.refId, n]))
  const root: Root = { type: 'root', children: copyContent(body) }
  visit(root, 'element', (node, index, parent) => {
    const note = node.tagName === 'a' ? byCall.get(String(node.properties.id ?? '')) : undefined
    if (!note || !parent || index === undefined) return
    // Before the call, not after: Paged.js drops a note whose (zero-width) call it finds a fraction of a pixel
    // past the right edge, which happens when the visible mark ends a justified line.
    const floated = withCalledNotes(note, byCall)
    parent.children.splice(index, 0, ...floated)
    return [SKIP, index + floated.length + 1]
  })
  return root.children as ElementContent[]
}

/** A note called from inside another note cannot float from there: it follows its host in the text. */
function withCalledNotes(note: Note, byCall: Map<string, Note>): Element[] {
  const called: Note[] = []
  visit({ type: 'root', children: note.content }, 'element', (node) => {
    const inner = node.tagName === 'a' ? byCall.get(String(node.properties.id ?? '')) : undefined
    if (inner) called.push(inner)
  })
  return [footnote(note), ...called.flatMap((n) => withCalledNotes(n, byCall))]
}

function footnote(note: Note): Element {
  return h('span', { className: ['footnote', `footnote-${note.series}`] }, [
    h('a', { className: ['note-mark'], id: note.id, href: `#${note.refId}` }, note.mark),
    ' ',
    ...copyContent(note.content).map(inline),
  ])
}

function inline(node: ElementContent): ElementContent {
  if (node.type !== 'element') return node
  const children = node.children.map(inline)
  if (!blocks.has(node.tagName)) return { ...node, children }
  const className = [`note-block`, `note-${node.tagName}`, ...((node.properties.className as string[] | undefined) ?? [])]
  return { ...node, tagName: 'span', properties: { ...node.properties, className }, children }
}
