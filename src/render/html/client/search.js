// Search on every page: an overlay opened by the header's button or by "/", with results as the reader types,
// grouped by document. The engine and the index load when the overlay first opens, the snippets at the first query
// (classic scripts: fetch() fails from file://). A result's page marks the words found in the paragraph (?mark=).
(function () {
  var tokenize = /[^\n\r\p{Z}\p{P}]+/gu
  var shown = 60
  markArrival()

  var dialog = document.getElementById('search-dialog')
  var opener = document.querySelector('.search-open')
  if (!dialog || !opener || typeof dialog.showModal !== 'function') return
  var input = document.getElementById('search-input')
  var status = document.getElementById('search-status')
  var list = document.getElementById('search-results')
  var index = null
  var entries = []
  // Each word with the spellings the index gives its entry in another script (the word among them).
  var spellings = {}
  var snippets = null
  var loading = false
  var returnTo = null
  opener.hidden = false

  function load(src, done) {
    var script = document.createElement('script')
    script.src = src
    script.async = false
    if (done) script.onload = done
    script.onerror = function () {
      status.textContent = 'The search index could not be loaded (' + src + ').'
    }
    document.head.append(script)
  }

  function prepare() {
    if (loading) return
    loading = true
    load('minisearch.js')
    load('search-index.js', function () {
      var data = window.folioSearchIndex
      data.documents.forEach(function (doc, d) {
        doc.entries.forEach(function (e) {
          entries.push({ doc: d, anchor: typeof e === 'string' ? e : e[0], label: typeof e === 'string' ? e : e[1] })
        })
      })
      data.spellings.forEach(function (group) {
        group.forEach(function (word) {
          spellings[word] = group
        })
      })
      index = MiniSearch.loadJS(folioIndexJson(data), { fields: ['text'], processTerm: folioProcessTerm })
      run()
    })
  }

  function open() {
    returnTo = document.activeElement
    dialog.showModal()
    input.focus()
    input.select()
    prepare()
  }
  opener.addEventListener('click', open)
  dialog.addEventListener('close', function () {
    if (returnTo && returnTo.focus) returnTo.focus()
  })
  dialog.addEventListener('click', function (event) {
    if (event.target === dialog) dialog.close()
  })
  dialog.querySelector('.search-close').addEventListener('click', function () {
    dialog.close()
  })
  document.addEventListener('keydown', function (event) {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return
    var at = event.target
    if (at instanceof Element && (at.closest('input, textarea, select, [contenteditable]:not([contenteditable="false"])') || at.closest('dialog[open]'))) return
    if (document.querySelector('dialog[open]')) return
    event.preventDefault()
    open()
  })
  input.addEventListener('input', run)

  // Escape closes at once (Firefox's search field would first spend it on clearing the query); up and down move
  // between the field and the results; typing on a result goes on in the field.
  dialog.addEventListener('keydown', function (event) {
    var links = Array.prototype.slice.call(list.querySelectorAll('a'))
    var at = links.indexOf(document.activeElement)
    if (event.key === 'Escape') {
      event.preventDefault()
      dialog.close()
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (links.length === 0) return
      event.preventDefault()
      var next = event.key === 'ArrowDown' ? Math.min(at + 1, links.length - 1) : at - 1
      if (next < 0) input.focus()
      else links[next].focus()
    } else if (event.key === 'Enter' && document.activeElement === input && links.length > 0) {
      event.preventDefault()
      links[0].click()
    } else if (at >= 0 && event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      input.focus()
    }
  })

  function nearSpellings(term) {
    return term.length > 3 ? 0.2 : false
  }

  function words(text) {
    return (text.match(tokenize) || []).map(folioProcessTerm).filter(Boolean)
  }

  // Exact matches of every word (or of a spelling of it) first, then matches of their beginnings, then the near
  // spellings; by score within.
  function rank(result, query) {
    return query.reduce(function (worst, word) {
      var forms = spellings[word] || [word]
      var kind = forms.some(function (f) { return result.terms.indexOf(f) >= 0 }) ? 0 : result.terms.some(function (t) { return forms.some(function (f) { return t.indexOf(f) === 0 }) }) ? 1 : 2
      return Math.max(worst, kind)
    }, 0)
  }

  function run() {
    var query = input.value.trim()
    list.replaceChildren()
    if (!query) return void (status.textContent = '')
    if (!index) return void (status.textContent = 'Loading the index…')
    if (!snippets) {
      snippets = []
      load('search-snippets.js', function () {
        snippets = window.folioSearchSnippets
        run()
      })
    }
    var asked = words(query)
    var found = index.search(
      {
        combineWith: 'AND',
        queries: asked.map(function (word) {
          return spellings[word] ? { combineWith: 'OR', queries: spellings[word] } : word
        }),
      },
      // Near spellings of words of four letters or more: shorter ones have too many neighbours (has, was, …).
      { prefix: true, fuzzy: nearSpellings }
    )
    found.forEach(function (r, i) {
      r.rank = rank(r, asked)
      r.order = i
    })
    found.sort(function (a, b) {
      return a.rank - b.rank || a.order - b.order
    })
    var groups = []
    var byDoc = {}
    found.slice(0, shown).forEach(function (r) {
      var entry = entries[r.id]
      var group = byDoc[entry.doc] || (byDoc[entry.doc] = groups[groups.push({ doc: entry.doc, results: [] }) - 1])
      group.results.push(r)
    })
    var docs = new Set(found.map(function (r) { return entries[r.id].doc })).size
    status.textContent =
      found.length === 0
        ? 'Nothing found for “' + query + '”.'
        : found.length + (found.length === 1 ? ' place' : ' places') + ' in ' + docs + (docs === 1 ? ' document' : ' documents') + (found.length > shown ? ', the first ' + shown + ' shown.' : '.')
    var documents = window.folioSearchIndex.documents
    groups.forEach(function (group, g) {
      var section = document.createElement('section')
      section.className = 'search-group'
      var heading = document.createElement('h3')
      heading.id = 'search-group-' + g
      heading.textContent = documents[group.doc].title
      section.setAttribute('aria-labelledby', heading.id)
      var ol = document.createElement('ol')
      group.results.forEach(function (r) {
        var entry = entries[r.id]
        var li = document.createElement('li')
        var a = document.createElement('a')
        a.href = documents[group.doc].file + '?mark=' + encodeURIComponent(r.terms.join(' ')) + '#' + entry.anchor
        var label = document.createElement('span')
        label.className = 'search-hit-label'
        label.textContent = entry.label
        var text = document.createElement('span')
        text.className = 'search-hit-text'
        if (snippets[r.id] !== undefined) mark(text, snippets[r.id], r.terms)
        a.append(label, ' ', text)
        li.append(a)
        ol.append(li)
      })
      section.append(heading, ol)
      list.append(section)
    })
  }

  // `text` into `into`, its words that fold to one of `terms` in <mark>.
  function mark(into, text, terms) {
    var at = 0
    text.replace(tokenize, function (word, offset) {
      if (terms.indexOf(folioProcessTerm(word)) < 0) return word
      var m = document.createElement('mark')
      m.textContent = word
      into.append(text.slice(at, offset), m)
      at = offset + word.length
      return word
    })
    into.append(text.slice(at))
  }

  // Arrived from a result: the words it found marked in the paragraph (or note) arrived at, until removed.
  function markArrival() {
    var terms = (new URLSearchParams(location.search).get('mark') || '').split(' ').filter(Boolean)
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)))
    if (terms.length === 0 || !target) return
    var block = target.closest('[data-number]') || target
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement.closest('.pnum, .noteref, .back, [hidden]') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT
      },
    })
    var nodes = []
    while (walker.nextNode()) nodes.push(walker.currentNode)
    var marks = []
    nodes.forEach(function (node) {
      var text = node.data
      var pieces = document.createDocumentFragment()
      var at = 0
      var any = false
      text.replace(tokenize, function (word, offset) {
        if (terms.indexOf(folioProcessTerm(word)) < 0) return word
        var m = document.createElement('mark')
        m.className = 'search-mark'
        m.textContent = word
        pieces.append(text.slice(at, offset), m)
        marks.push(m)
        at = offset + word.length
        any = true
        return word
      })
      if (!any) return
      pieces.append(text.slice(at))
      node.replaceWith(pieces)
    })
    if (marks.length === 0) return
    var bar = document.createElement('p')
    bar.className = 'search-marks'
    bar.setAttribute('role', 'status')
    var names = Array.from(new Set(marks.map(function (m) { return m.textContent }))).join(', ')
    var remove = document.createElement('button')
    remove.type = 'button'
    remove.textContent = 'Remove the marks'
    bar.append('Found: ' + names + ' ', remove)
    remove.addEventListener('click', function () {
      marks.forEach(function (m) {
        m.replaceWith(m.textContent)
      })
      block.normalize()
      bar.remove()
      history.replaceState(null, '', location.pathname + location.hash)
    })
    document.body.append(bar)
  }
})()
