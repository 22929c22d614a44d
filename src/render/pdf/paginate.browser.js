// Runs inside the print page (not in Node): lays the page out with Paged.js, makes the result deterministic and
// measures it — the page of every id, the page count and any line that runs past the text block.
/* global PagedPolyfill */
window.folioPaginate = async () => {
  await PagedPolyfill.preview()
  const pages = [...document.querySelectorAll('.pagedjs_page')]

  // Paged.js names each footnote `note-<random uuid>`; Chrome writes ids into the PDF as link destinations.
  const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/g
  const renamed = new Map()
  const stable = (value) => value.replace(uuid, (u) => {
    if (!renamed.has(u)) renamed.set(u, String(renamed.size + 1))
    return renamed.get(u)
  })
  for (const el of document.querySelectorAll('.pagedjs_pages [id], .pagedjs_pages [href]')) {
    if (el.id) el.id = stable(el.id)
    const href = el.getAttribute('href')
    if (href) el.setAttribute('href', stable(href))
  }

  const pageOf = {}
  const overfull = []
  pages.forEach((page, i) => {
    const number = i + 1
    for (const el of page.querySelectorAll('[id]')) if (!(el.id in pageOf)) pageOf[el.id] = number
    // A part's opening page carries no running head.
    if (page.querySelector('.part > h1, .contents > h1')) page.classList.add('folio-opening')
    const area = page.querySelector('.pagedjs_page_content').getBoundingClientRect()
    const walker = document.createTreeWalker(page.querySelector('.pagedjs_area'), NodeFilter.SHOW_TEXT)
    const range = document.createRange()
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      if (!text.nodeValue.trim()) continue
      range.selectNodeContents(text)
      for (const rect of range.getClientRects())
        if (rect.width > 0 && rect.right > area.right + 1) {
          overfull.push({ page: number, text: text.nodeValue.slice(0, 60), by: Math.round(rect.right - area.right) })
          break
        }
    }
  })
  return { pages: pages.length, pageOf, overfull }
}
