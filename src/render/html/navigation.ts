/** The table of contents (parts, with each document's sections) and the previous/next links between parts. */
import type { Element } from 'hast'
import { toHtml, toHtmlKeepingRaw } from '../markup.ts'
import { h } from 'hastscript'
import type { Model, Part } from '../model.ts'

/** Where a link to a part, or to an id inside it, points: a page of the site or a fragment of the archive. */
export type Href = (part: Part, id?: string) => string

/**
 * Sections are listed for the part being read (`current`), or for every document when `all` (the one-file
 * archive, where every part is on the page): a long list of other parts' sections would push the current
 * page's entry out of view.
 */
function entry(part: Part, href: Href, current: boolean, all: boolean): Element {
  const sections = current || (all && part.role === 'document') ? part.sections : []
  return h('li', { className: [`toc-${part.kind}`] }, [
    h('a', { href: href(part), ariaCurrent: current ? 'page' : undefined }, part.label),
    ...(sections.length > 0 ? [h('ol', sections.map((s) => h('li', { className: [`toc-depth-${s.depth}`] }, h('a', { href: href(part, s.id) }, s.title))))] : []),
  ])
}

/**
 * The contents' markup for each page, given the part being read, if any. Every page shows every part, so each
 * entry is serialised once; only the current part's entry is made again for its page.
 */
export function contents(model: Model, href: Href, all = false): (current?: Part) => string {
  const entries = new Map(model.parts.map((part) => [part, toHtml(entry(part, href, false, all))]))
  return (current) =>
    toHtmlKeepingRaw(
      h('nav', { className: ['toc'], ariaLabel: 'Contents' }, [
        h('ol', model.parts.map((part) => (part === current ? entry(part, href, true, all) : { type: 'raw' as const, value: entries.get(part)! }))),
      ])
    )
}

export function pager(model: Model, href: Href, current: Part): Element {
  const at = model.parts.indexOf(current)
  const prev = model.parts[at - 1]
  const next = model.parts[at + 1]
  return h('nav', { className: ['pager'], ariaLabel: 'Previous and next' }, [
    prev ? h('a', { rel: 'prev', href: href(prev) }, [h('span', { className: ['pager-dir'] }, 'Previous'), ' ', prev.label]) : h('span'),
    next ? h('a', { rel: 'next', href: href(next) }, [h('span', { className: ['pager-dir'] }, 'Next'), ' ', next.label]) : h('span'),
  ])
}
