// The search page: runs the query in ?q= against the index in search-index.js and lists the matching paragraphs.
(function () {
  var query = (new URLSearchParams(location.search).get('q') || '').trim()
  var input = document.getElementById('site-search')
  var status = document.getElementById('search-status')
  var list = document.getElementById('search-results')
  if (input) input.value = query
  if (!query) {
    status.textContent = 'Type a word or a name in the search box.'
    return
  }
  var options = Object.assign({}, folioSearchIndex.options, { processTerm: folioProcessTerm })
  var index = MiniSearch.loadJS(folioSearchIndex.index, options)
  var results = index.search(query, { prefix: true, fuzzy: 0.1, combineWith: 'AND' })
  status.textContent = results.length === 0 ? 'Nothing found for “' + query + '”.' : results.length + (results.length === 1 ? ' place' : ' places') + ' found for “' + query + '”.'
  results.slice(0, 200).forEach(function (result) {
    var item = document.createElement('li')
    var link = document.createElement('a')
    link.href = result.href
    link.className = 'search-result-link'
    link.textContent = result.label
    var title = document.createElement('span')
    title.className = 'search-result-title'
    title.textContent = result.title
    var snippet = document.createElement('p')
    snippet.className = 'search-result-text'
    excerpt(snippet, result.text, result.terms)
    item.append(link, ' ', title, snippet)
    list.append(item)
  })

  // The text around the first matched term, with the term marked; offsets are kept through accent folding.
  function excerpt(into, text, terms) {
    var folded = ''
    var origin = []
    for (var i = 0; i < text.length; i++) {
      var f = folioProcessTerm(text[i])
      for (var k = 0; k < f.length; k++) origin.push(i)
      folded += f
    }
    var at = -1
    var term = ''
    terms.forEach(function (t) {
      var found = folded.indexOf(t)
      if (found >= 0 && (at < 0 || found < at)) (at = found), (term = t)
    })
    if (at < 0) return void (into.textContent = text.slice(0, 200) + (text.length > 200 ? '…' : ''))
    var start = origin[at]
    var end = origin[at + term.length - 1] + 1
    // Cut at spaces, not inside words.
    var from = Math.max(0, start - 90)
    var to = Math.min(text.length, end + 110)
    if (from > 0 && text.indexOf(' ', from) >= 0 && text.indexOf(' ', from) < start) from = text.indexOf(' ', from) + 1
    if (to < text.length && text.lastIndexOf(' ', to) > end) to = text.lastIndexOf(' ', to)
    var mark = document.createElement('mark')
    mark.textContent = text.slice(start, end)
    into.append((from > 0 ? '…' : '') + text.slice(from, start), mark, text.slice(end, to) + (to < text.length ? '…' : ''))
  }
})()
