// Runs inside the print page (not in Node): lays the page out with Paged.js, fills in the page numbers of the back
// matter and the contents, makes the result deterministic and measures it — the page of every id, the page count
// and any line that runs past the text block.
/* global Paged, PagedPolyfill, folioBackMatter, folioLaidOut */

/** Element id → the page it first appears on, over the pages laid out so far. */
function pagesOfIds(pagesArea) {
  const pageOf = {}
  pagesArea.querySelectorAll('.pagedjs_page').forEach((page, i) => {
    for (const el of page.querySelectorAll('[id]')) if (!(el.id in pageOf)) pageOf[el.id] = i + 1
  })
  return pageOf
}

/**
 * The back matter sections arrive empty. When the layout reaches the first of them, every page they point to is
 * laid out: their content comes from Node with those pages, and goes through what Paged.js does to parsed content
 * (element refs, whitespace filter, the handlers' afterParsed) before it is laid out.
 */
class BackMatter extends Paged.Handler {
  async beforePageLayout(page, content, breakToken, chunker) {
    const first = content && content.querySelector('.part-back')
    if (this.filled || !first) return
    if (!breakToken) {
      // The first page of a chunk: the back matter is laid out now only if the chunk begins with it.
      if (content.querySelector('.part') !== first) return
    } else {
      const node = breakToken.node
      if (node !== first && !(first.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING)) return
      if (node !== first) throw new Error('the back matter must begin on a new page (.part { break-before })')
    }
    this.filled = true
    const sections = await folioBackMatter(pagesOfIds(chunker.pagesArea))
    for (const [id, html] of Object.entries(sections)) {
      const section = content.querySelector(`#${CSS.escape(id)}`)
      section.replaceChildren(document.createRange().createContextualFragment(html))
      for (const el of section.querySelectorAll('*')) {
        el.setAttribute('data-ref', `folio-${++BackMatter.refs}`)
        if (el.id) el.setAttribute('data-id', el.id)
      }
      chunker.hooks.filter.triggerSync(section)
      await chunker.hooks.afterParsed.trigger(section, chunker)
    }
  }
}
BackMatter.refs = 0

/** Tells Node each page laid out: a long book is slow, a hung one is silent. */
class Progress extends Paged.Handler {
  afterPageLayout() {
    this.pages = (this.pages || 0) + 1
    void folioLaidOut(this.pages)
  }
}

/**
 * A page never ends in a hyphen: the word goes over whole. (Paged.js would cut a hyphenated word, and one letter
 * late: Chromium gives the letter after a soft hyphen that ends a line a second box at the hyphen, on the line
 * above, so Paged.js took “movem‑|ent” and lost the lines after it.)
 */
function wholeWords(overflow) {
  const node = overflow && overflow.startContainer
  if (!node || node.nodeType !== Node.TEXT_NODE) return undefined
  const text = node.nodeValue
  const offset = overflow.startOffset
  const letter = /[\p{L}\p{M}\u00ad]/u
  if (offset === 0 || !letter.test(text[offset - 1]) || !letter.test(text[offset] || '')) return undefined
  let at = offset
  while (at > 0 && letter.test(text[at - 1])) at--
  if (!text.slice(at, offset).includes('\u00ad')) return undefined
  const moved = overflow.cloneRange()
  // A word that begins its text node: the break goes before the node, or Paged.js, finding the node empty,
  // would end the page with a hyphen.
  if (at === 0) moved.setStartBefore(node)
  else moved.setStart(node, at)
  return moved
}

/** Blocks a page may end after, in the order of the text. */
const blocks = 'p, li, h1, h2, h3, h4, h5, h6, dt, dd, tr, pre'

/** How many lines the contents of `range` take. */
function linesOf(range) {
  const tops = new Set()
  for (const rect of range.getClientRects()) if (rect.width > 0 && rect.height > 0) tops.add(Math.round(rect.top))
  return tops.size
}

/** Where the line before the one that begins at (`node`, `offset`) begins, inside `block`; undefined at a word's middle. */
function lineBefore(block, node, offset) {
  const range = document.createRange()
  const topAt = (text, i) => {
    range.setStart(text, i)
    range.setEnd(text, i + 1)
    const rect = [...range.getClientRects()].find((r) => r.width > 0)
    return rect && Math.round(rect.top)
  }
  const texts = []
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT)
  for (let t = walker.nextNode(); t; t = walker.nextNode()) texts.push(t)
  const at = texts.indexOf(node)
  if (at < 0) return undefined
  let lineTop
  let start
  for (let k = at; k >= 0; k--) {
    const text = texts[k]
    for (let i = (k === at ? offset : text.nodeValue.length) - 1; i >= 0; i--) {
      if (/\s|\u00ad/.test(text.nodeValue[i])) continue
      const top = topAt(text, i)
      if (top === undefined) continue
      if (lineTop === undefined) lineTop = top
      else if (top < lineTop) {
        if (!start) return undefined
        const before = start.node.nodeValue[start.offset - 1]
        // A break inside a word (after a soft hyphen) would end the page in a hyphen.
        return before === undefined || /\s/.test(before) ? start : undefined
      }
      start = { node: text, offset: i }
    }
  }
  return undefined
}

/**
 * A page does not end with a heading, or with a block that asks to stay with the next (`break-after: avoid`:
 * an interview's question), nor with a paragraph's first line alone (an orphan), nor does it begin with a
 * paragraph's last line alone (a widow), where that can be helped: the break moves back, never past the page's
 * first block. (Paged.js keeps with the next only the block just before the break, and ignores widows and orphans.)
 */
function keepTogether(overflow, rendered) {
  const range = overflow.cloneRange()
  const point = () => {
    const r = document.createRange()
    r.setStart(range.startContainer, range.startOffset)
    return r
  }
  const all = [...rendered.querySelectorAll(blocks)]
  const first = all.find((b) => !b.querySelector(blocks))
  // A break inside a block (in its text, or before an element in it) is one between blocks only at its start.
  const container = range.startContainer.nodeType === Node.TEXT_NODE ? range.startContainer.parentElement : range.startContainer
  const block = container.closest(blocks)
  if (block && rendered.contains(block)) {
    const before = document.createRange()
    before.setStart(block, 0)
    before.setEnd(range.startContainer, range.startOffset)
    const after = document.createRange()
    after.setStart(range.startContainer, range.startOffset)
    after.setEnd(block, block.childNodes.length)
    const above = linesOf(before)
    if (above <= 1) {
      // At the block's start, or after its first line alone (an orphan): the block goes over whole.
      if (block === first || block.contains(first)) return undefined
      range.setStartBefore(block)
    } else if (linesOf(after) === 1 && above >= 3) {
      const start = lineBefore(block, range.startContainer, range.startOffset)
      if (!start) return undefined
      range.setStart(start.node, start.offset)
      return range
    } else return undefined
  }
  let moved = false
  for (;;) {
    const at = point()
    const last = all.filter((b) => at.comparePoint(b, b.childNodes.length) <= 0 && !b.contains(range.startContainer)).at(-1)
    if (!last || last === first || last.contains(first) || getComputedStyle(last).breakAfter !== 'avoid') break
    range.setStartBefore(last)
    moved = true
  }
  return moved || (block && rendered.contains(block)) ? range : undefined
}

/** Parts set in columns of their own (print.css), each page's as tall as its text block. */
const columned = '.part-index'

/**
 * Where a part set in columns overflows: before its first block in a column past the page's right edge. Paged.js
 * does not look there: the part's own box fits the page.
 */
function columnOverflow(rendered, bounds) {
  const past = [...rendered.querySelectorAll(`${columned} :is(${blocks})`)].find((b) => b.getBoundingClientRect().left >= bounds.right - 1)
  if (!past) return undefined
  const range = document.createRange()
  range.setStartBefore(past)
  range.setEndAfter(rendered.lastChild)
  return range
}

/** Where each page ends: after whole words, and keeping together what belongs together. */
class PageEnds extends Paged.Handler {
  onOverflow(overflow, rendered, bounds) {
    const columns = columnOverflow(rendered, bounds)
    if (columns && (!overflow || columns.compareBoundaryPoints(Range.START_TO_START, overflow) < 0)) overflow = columns
    if (!overflow) return undefined
    const whole = wholeWords(overflow)
    return keepTogether(whole ?? overflow, rendered) ?? whole ?? (overflow === columns ? columns : undefined)
  }
}

/**
 * A table that goes on over a page begins there with its header row again (Paged.js rebuilds only the table and
 * its body): a reader of the apparatus's second page sees which column is which, on the same column grid.
 */
class RepeatedTableHead extends Paged.Handler {
  renderNode(clone, node) {
    if (clone.nodeName !== 'TR' || !node.parentElement || node.parentElement.nodeName !== 'TBODY') return undefined
    const table = clone.closest('table')
    if (!table || !table.hasAttribute('data-split-from') || table.querySelector(':scope > thead')) return undefined
    const head = node.closest('table').querySelector(':scope > thead')
    if (!head) return undefined
    const copy = head.cloneNode(true)
    for (const el of [copy, ...copy.querySelectorAll('*')]) el.removeAttribute('data-ref'), el.removeAttribute('id')
    copy.classList.add('repeated-head')
    table.insertBefore(copy, table.firstChild)
    return undefined
  }
}

Paged.registerHandlers(BackMatter, Progress, PageEnds, RepeatedTableHead)

/**
 * Paged.js lays out one page per animation frame. A print page is never on screen: frames come at most 60 times
 * a second, and a headless window whose frames stop (another window in front) would stall the book. A message
 * to itself runs the next page as soon as the last is done.
 */
function immediately(callback) {
  const channel = new MessageChannel()
  channel.port1.onmessage = () => callback()
  channel.port2.postMessage(null)
}

/**
 * The text comes hyphenated (soft hyphens at every break point, hyphenation.ts); once the lines are set, only the
 * soft hyphens that end a line stay. Chrome writes every soft hyphen into the PDF's text, where an unused one
 * splits the word for search and copy; a used one marks the word as hyphenated there. A soft hyphen that breaks
 * no line takes no width and no break is taken at it, so removing it moves nothing. Returns what removes them:
 * measured first, changed after, since a change between two measures would have Chromium lay the book out again.
 */
function unusedSoftHyphens(pagesArea) {
  const walker = document.createTreeWalker(pagesArea, NodeFilter.SHOW_TEXT)
  const range = document.createRange()
  // A soft hyphen that ends a line is drawn as a hyphen: it has a box of some width; one that does not has none.
  const drawn = (node, i) => {
    range.setStart(node, i)
    range.setEnd(node, i + 1)
    return [...range.getClientRects()].some((r) => r.width > 0)
  }
  const unused = []
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue
    if (!text.includes('\u00ad')) continue
    const at = []
    for (let i = text.indexOf('\u00ad'); i >= 0; i = text.indexOf('\u00ad', i + 1)) if (!drawn(node, i)) at.push(i)
    if (at.length > 0) unused.push([node, at])
  }
  return () => {
    for (const [node, at] of unused) {
      const text = node.nodeValue
      let kept = ''
      let from = 0
      for (const i of at) (kept += text.slice(from, i)), (from = i + 1)
      node.nodeValue = kept + text.slice(from)
    }
  }
}

/** Text that runs past the text block of its page (numbered from 1). */
function overfullLines(pages) {
  const overfull = []
  pages.forEach((page, i) => {
    const area = page.querySelector('.pagedjs_page_content').getBoundingClientRect()
    const walker = document.createTreeWalker(page.querySelector('.pagedjs_area'), NodeFilter.SHOW_TEXT)
    const range = document.createRange()
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      if (!text.nodeValue.trim()) continue
      range.selectNodeContents(text)
      for (const rect of range.getClientRects())
        if (rect.width > 0 && rect.right > area.right + 1) {
          overfull.push({ page: i + 1, text: text.nodeValue.replace(/\u00ad/g, '').slice(0, 60), by: Math.round(rect.right - area.right) })
          break
        }
    }
  })
  return overfull
}

/**
 * The notes, now at the page foot, become the elements they are: each an `aside` (Chrome tags it Aside, which
 * tags.ts names Note), its paragraphs `p`. In the text they had to be spans, since a block would close the
 * paragraph that calls them. Their classes keep their look; the first paragraph stays run in after the mark.
 */
function notesAsAsides(pagesArea) {
  const retag = (el, tagName) => {
    const next = document.createElement(tagName)
    for (const { name, value } of el.attributes) next.setAttribute(name, value)
    next.append(...el.childNodes)
    el.replaceWith(next)
    return next
  }
  for (const note of pagesArea.querySelectorAll('.pagedjs_footnote_inner_content .footnote')) {
    const aside = retag(note, 'aside')
    for (const block of aside.querySelectorAll(':scope > .note-p')) retag(block, 'p')
  }
}

/** Lays out the document, chunk `chunk` of its book (from 0). */
window.folioPaginate = async (chunk) => {
  PagedPolyfill.chunker.q.tick = immediately
  await PagedPolyfill.preview()
  const pagesArea = document.querySelector('.pagedjs_pages')
  const pages = [...pagesArea.querySelectorAll('.pagedjs_page')]
  // All that is measured is measured on the layout as Paged.js left it, before anything changes: one layout.
  const overfull = overfullLines(pages)
  const dropUnusedSoftHyphens = unusedSoftHyphens(pagesArea)
  dropUnusedSoftHyphens()
  notesAsAsides(pagesArea)

  // Paged.js names each footnote `note-<random uuid>`; Chrome writes ids into the PDF as link destinations, which
  // the chunks of a book share.
  const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/g
  const renamed = new Map()
  const stable = (value) => value.replace(uuid, (u) => {
    if (!renamed.has(u)) renamed.set(u, `${chunk + 1}-${renamed.size + 1}`)
    return renamed.get(u)
  })
  for (const el of pagesArea.querySelectorAll('[id], [href]')) {
    if (el.id) el.id = stable(el.id)
    const href = el.getAttribute('href')
    if (href) el.setAttribute('href', stable(href))
  }

  // A part's opening page carries no running head.
  for (const page of pages) if (page.querySelector('.part > h1, .contents > h1')) page.classList.add('folio-opening')
  return { pages: pages.length, pageOf: pagesOfIds(pagesArea), overfull }
}

/**
 * Before printing: the pages are numbered from `firstPage`, the contents get the page numbers of the whole book (they sit in a box wide enough for four
 * digits, so filling them in moves nothing). The chunks of a book are printed apart and merged: Chrome writes a
 * destination only for an element some link of the document points to, and a link only to an element the
 * document holds, so each target of the book held here gets an invisible link, and each target a link here
 * points to elsewhere an invisible element; the merged PDF joins them by name. Returns the headings' words, in
 * order, for the bookmarks (outline.ts).
 */
window.folioBeforePrint = (pageOf, targets, firstPage) => {
  // Paged.js numbers pages by a counter that each page increments by this much.
  document.querySelector('.pagedjs_page').style.setProperty('--pagedjs-page-counter-increment', String(firstPage))
  for (const link of document.querySelectorAll('.toc a[href^="#"]')) link.querySelector('.toc-page').textContent = pageOf[link.getAttribute('href').slice(1)] ?? ''
  const hidden = document.createElement('div')
  hidden.hidden = true
  const linked = new Set([...document.querySelectorAll('.pagedjs_pages a[href^="#"]')].map((a) => decodeURIComponent(a.getAttribute('href').slice(1))))
  for (const id of targets) {
    if (document.getElementById(id)) hidden.appendChild(document.createElement('a')).href = `#${encodeURIComponent(id)}`
    else if (linked.has(id)) hidden.appendChild(document.createElement('span')).id = id
  }
  document.body.appendChild(hidden)
  // Chrome titles a bookmark with the glyphs its heading draws, which lack the space where the heading wrapped.
  return [...document.querySelectorAll('.pagedjs_pages :is(h1, h2, h3, h4, h5, h6)')].map((h) => h.textContent.replace(/\u00ad/g, '').replace(/\s+/g, ' ').trim())
}
