// What a reader does on any page of the site beyond reading: cite a paragraph, show or hide the marks of the
// edition's changes, open a long headnote, find the current page in the contents, print with the page's address.
// Without script the pages read and link as they are.
(function () {
  var wide = matchMedia('(min-width: 72rem)')

  // #p2.14 is the readable form of #2.14.
  function alias() {
    var m = /^#p(\d+\.\d+)$/.exec(location.hash)
    if (m && document.getElementById(m[1])) location.replace('#' + m[1])
  }
  alias()
  addEventListener('hashchange', alias)

  // Contents: open beside the text on wide screens (so that it says it is open), the current page in view,
  // the section being read marked.
  var contents = document.querySelector('details.contents')
  if (contents) {
    var sync = function () {
      if (wide.matches) contents.open = true
    }
    sync()
    wide.addEventListener('change', sync)
    var current = contents.querySelector('[aria-current="page"]')
    if (current && wide.matches) {
      var box = contents.getBoundingClientRect()
      var at = current.getBoundingClientRect()
      if (at.bottom > box.bottom || at.top < box.top) contents.scrollTop += at.top - box.top - 48
    }
    var links = current ? Array.prototype.slice.call(current.parentElement.querySelectorAll('ol a[href*="#"]')) : []
    var targets = links.map(function (a) {
      return document.getElementById(decodeURIComponent(a.hash.slice(1)))
    })
    if (links.length && 'IntersectionObserver' in window) {
      var mark = function () {
        var last = -1
        targets.forEach(function (t, i) {
          if (t && t.getBoundingClientRect().top < innerHeight * 0.3) last = i
        })
        links.forEach(function (a, i) {
          if (i === last) a.setAttribute('aria-current', 'location')
          else a.removeAttribute('aria-current')
        })
      }
      addEventListener('scroll', mark, { passive: true })
      mark()
    }
  }

  // A long headnote on a narrow screen shows its first lines and a "More" button.
  var headnote = document.querySelector('.headnote')
  if (headnote && !matchMedia('(min-width: 40em)').matches && headnote.scrollHeight > innerHeight * 0.5) {
    headnote.id = headnote.id || 'headnote'
    headnote.classList.add('headnote-collapsed')
    var more = document.createElement('button')
    more.type = 'button'
    more.className = 'headnote-more'
    more.textContent = 'More of the headnote'
    more.setAttribute('aria-expanded', 'false')
    more.setAttribute('aria-controls', headnote.id)
    more.addEventListener('click', function () {
      var open = headnote.classList.toggle('headnote-collapsed') === false
      more.setAttribute('aria-expanded', String(open))
      more.textContent = open ? 'Less of the headnote' : 'More of the headnote'
    })
    headnote.after(more)
  }

  // Marks of the edition's changes in the text: shown unless the reader hid them (remembered on this device).
  var toggle = document.querySelector('.marks-toggle')
  if (toggle) {
    var store = function (value) {
      try {
        localStorage.setItem('folio-marks', value)
      } catch (e) {}
    }
    var stored = null
    try {
      stored = localStorage.getItem('folio-marks')
    } catch (e) {}
    var show = function (on) {
      document.body.classList.toggle('marks-hidden', !on)
      toggle.setAttribute('aria-pressed', String(on))
    }
    show(stored !== 'hidden')
    toggle.hidden = false
    toggle.addEventListener('click', function () {
      var on = toggle.getAttribute('aria-pressed') !== 'true'
      show(on)
      store(on ? 'shown' : 'hidden')
    })
  }

  // Citation of a paragraph (or of the document): plain, BibTeX and CSL-JSON, with the address and today's date.
  var dialog = document.getElementById('cite-dialog')
  var data = document.getElementById('cite-data')
  if (dialog && data && typeof dialog.showModal === 'function') {
    var cite = JSON.parse(data.textContent)
    var opener = document.querySelector('.cite-open')
    opener.hidden = false
    var today = new Date().toISOString().slice(0, 10)
    // The published address when the edition states it (a copy read elsewhere cites it), else where the page is.
    var canonical = document.querySelector('link[rel="canonical"]')
    var page = canonical ? canonical.href : location.href.replace(/[?#].*$/, '')
    var text = function (id, value) {
      document.getElementById(id).textContent = value
    }
    var open = function (number) {
      var e = cite.edition
      var d = cite.document
      var book = e.title + (e.subtitle ? ': ' + e.subtitle : '')
      var url = page + (number ? '#' + number : '')
      var where = number ? ', paragraph ' + number : ''
      text('cite-title', number ? 'Cite paragraph ' + number : 'Cite this document')
      text(
        'cite-plain',
        '“' + d.title + '”' + where + ' (author: ' + d.author + '; ' + d.site + '; date: ' + d.date + '), in ' + book + ', edited by ' + e.editor + ', version ' + e.version + ' (' + e.publisher + ', ' + e.date + '), ' + url + ', accessed ' + today + '.'
      )
      var key = e.slug + '-' + d.number + (number ? '-' + number.replace('.', '-') : '')
      var brace = function (s) {
        return '{' + String(s).replace(/[{}\\]/g, '') + '}'
      }
      text(
        'cite-bibtex',
        '@incollection{' + key + ',\n  title = {' + brace(d.title) + '},\n  author = {' + brace(d.author) + '},\n  booktitle = {' + brace(book) + '},\n  editor = {' + brace(e.editor) + '},\n  publisher = ' + brace(e.publisher) + ',\n  year = ' + brace(e.date.slice(0, 4)) + ',\n  edition = ' + brace('version ' + e.version) + ',\n' + (number ? '  pages = ' + brace('paragraph ' + number) + ',\n' : '') + '  url = ' + brace(url) + ',\n  urldate = ' + brace(today) + '\n}'
      )
      var parts = function (date) {
        return { 'date-parts': [date.split('-').map(Number)] }
      }
      text(
        'cite-csl',
        JSON.stringify([{ id: key, type: 'chapter', title: d.title, author: [{ literal: d.author }], 'container-title': book, editor: [{ literal: e.editor }], publisher: e.publisher, issued: parts(e.date), version: e.version, language: e.language, locator: number || undefined, label: number ? 'paragraph' : undefined, URL: url, accessed: parts(today) }], null, 2)
      )
      var link = document.getElementById('cite-link')
      link.href = number ? '#' + number : '#'
      var lines = number && cite.paragraphs[number]
      var witness = document.getElementById('cite-witness')
      witness.href = cite.witness + (lines ? '#' + cite.lineId + lines[0] : '')
      witness.textContent = lines ? (lines[0] === lines[1] ? 'Its witness line ' + lines[0] : 'Its witness lines ' + lines[0] + '–' + lines[1]) : 'The witness'
      text('cite-status', '')
      dialog.showModal()
    }
    document.addEventListener('click', function (event) {
      var pnum = event.target instanceof Element && event.target.closest('a.pnum')
      if (pnum) {
        event.preventDefault()
        history.replaceState(null, '', '#' + pnum.id)
        open(pnum.id)
        return
      }
      var copy = event.target instanceof Element && event.target.closest('.cite-copy')
      if (copy && navigator.clipboard) {
        navigator.clipboard.writeText(document.getElementById(copy.dataset.copy).textContent).then(
          function () {
            text('cite-status', 'Copied.')
          },
          function () {
            text('cite-status', 'Copying was refused: select the text and copy it.')
          }
        )
      }
    })
    opener.addEventListener('click', function () {
      var n = /^#(\d+\.\d+)$/.exec(location.hash)
      open(n ? n[1] : undefined)
    })
  }

  // Printing: the page's address at the foot of each page (@page margin boxes take no attribute or URL of their own).
  addEventListener('beforeprint', function () {
    var style = document.getElementById('print-address') || document.head.appendChild(document.createElement('style'))
    style.id = 'print-address'
    style.textContent = '@page { @bottom-left { content: ' + JSON.stringify(location.href) + '; } }'
  })
})()
