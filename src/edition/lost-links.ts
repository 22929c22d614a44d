/** Flag links that the scraping lost: a supplied “‹link not preserved in the source›” after the anchor. */
import type { FootnoteDefinition, Root } from 'mdast'
import type { VFile } from 'vfile'
import { visit } from 'unist-util-visit'
import { suppliedText } from '../witness/changes.ts'
import { blocksOf, blockText, findAnchor, insertAt, witnessOffsetAt, type Block } from './anchors.ts'
import { fail } from './diagnostics.ts'
import type { DocumentMeta } from './sources.ts'
import { changeLog } from './text-nodes.ts'

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
      const flag = suppliedText('link not preserved in the source', at, log, `a link was lost in scraping: ${link.note}`, 'before')
      insertAt(block, offset, [flag.nodes[0]!, { type: 'emphasis', children: [flag.words], data: { hProperties: { className: ['supplied', 'lost-link'] } } }])
    })
  }
}
