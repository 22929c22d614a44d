/** Writers' hast as HTML text: one unified processor with rehype-stringify, frozen once. */
import type { ElementContent, Root as HastRoot } from 'hast'
import rehypeStringify from 'rehype-stringify'
import { unified } from 'unified'

const processor = unified().use(rehypeStringify).freeze()
/** The same, writing `raw` nodes as they are: for markup Folio has already serialised (the contents' entries). */
const keepingRaw = processor().use(rehypeStringify, { allowDangerousHtml: true }).freeze()

/** The packages the processor is made of, for the colophon. */
export const markupTools = ['unified', 'rehype-stringify']

type Nodes = ElementContent | ElementContent[] | HastRoot
const rootOf = (nodes: Nodes): HastRoot => (Array.isArray(nodes) ? { type: 'root', children: nodes } : nodes.type === 'root' ? nodes : { type: 'root', children: [nodes] })

/** hast → HTML text. */
export const toHtml = (nodes: Nodes): string => processor.stringify(rootOf(nodes))

/** hast → HTML text, with `raw` nodes (markup serialised before by Folio itself, never source text) written as they are. */
export const toHtmlKeepingRaw = (nodes: Nodes): string => keepingRaw.stringify(rootOf(nodes))
