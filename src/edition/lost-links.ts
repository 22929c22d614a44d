/** Flag links that the scraping lost: a supplied “[link not preserved in the source]” after the anchor. */
import type { FootnoteDefinition, Root } from 'mdast'
import type { VFile } from 'vfile'
import { visit } from 'unist-util-visit'
import { insertedText } from './changes.ts'
import { blocksOf, blockText, findAnchor, insertAt, type Block } from './anchors.ts'
import { fail } from './diagnostics.ts'
import type { DocumentMeta } from './sources.ts'
import { changeLog } from './text-nodes.ts'

export const lostLinkLabel = '[link not preserved in the source]'

export interface LostLinkOptions {
  lostLinks: DocumentMeta['lostLinks']
  metaPath: string
}

export default function lostLinks(options: LostLinkOptions) {
  return (tree: Root, file: VFile) => {
    const log = changeLog(file)
    options.lostLinks.forEach((link, i) => {
      let block: Block
      let offset: number
      if ('footnote' in link) {
        let def: FootnoteDefinition | undefined
        visit(tree, 'footnoteDefinition', (d) => {
          if (d.identifier === link.footnote) def = d
        })
        const last = def?.children.at(-1)
        if (!last || last.type !== 'paragraph')
          fail(options.metaPath, undefined, `lostLinks[${i}]: there is no author note ${link.footnote}`, 'F-ANCHOR-003', 'use the number of an existing note')
        block = last
        offset = blockText(block).text.length
      } else {
        const hits = findAnchor(blocksOf(tree), link)
        if (hits.length !== 1)
          fail(options.metaPath, undefined, `lostLinks[${i}]: the quote “${link.quote}” matches ${hits.length} places`, hits.length === 0 ? 'F-ANCHOR-001' : 'F-ANCHOR-002', hits.length === 0 ? 'copy the quote exactly from the text' : 'add a prefix or suffix')
        block = hits[0]!.block
        offset = hits[0]!.end
      }
      const at = witnessOffsetAt(block, offset)
      const space = insertedText(' ', at, log, 'supplied', 'space before a supplied flag')
      const label = insertedText(lostLinkLabel, at, log, 'supplied', `a link was lost in scraping: ${link.note}`)
      insertAt(block, offset, [space, { type: 'emphasis', children: [label], data: { hProperties: { className: ['supplied', 'lost-link'] } } }])
    })
  }
}

/** The witness offset just after the character before `offset` in the block. */
function witnessOffsetAt(block: Block, offset: number): number {
  const { spans } = blockText(block)
  for (let k = spans.length - 1; k >= 0; k--) {
    const { node, start, end } = spans[k]!
    for (let i = Math.min(offset, end) - 1; i >= start; i--) {
      const o = node.data?.map?.[i - start]
      if (o !== undefined && o >= 0) return o + 1
    }
  }
  return 0
}
