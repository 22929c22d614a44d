// What the build (in Node) and the pages share about search: how a term is folded (no accents, lower case) and how
// the compact index of search-index.js is read back into the form MiniSearch.loadJS takes.
var folioProcessTerm = function (term) {
  return term.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

// `data.terms` holds a line per term: the term, a space, then its entries as base-36 steps from the previous
// entry's number, each with `:count` (base 36) when the term occurs more than once in it.
var folioIndexJson = function (data) {
  var n = data.lengths.length
  var ids = {}
  var lengths = {}
  for (var i = 0; i < n; i++) {
    ids[i] = i
    lengths[i] = [data.lengths[i]]
  }
  var index = data.terms.split('\n').map(function (line) {
    var space = line.indexOf(' ')
    var counts = {}
    var at = 0
    line
      .slice(space + 1)
      .split(',')
      .forEach(function (posting) {
        var colon = posting.indexOf(':')
        at += parseInt(colon < 0 ? posting : posting.slice(0, colon), 36)
        counts[at] = colon < 0 ? 1 : parseInt(posting.slice(colon + 1), 36)
      })
    return [line.slice(0, space), { 0: counts }]
  })
  return { documentCount: n, nextId: n, documentIds: ids, fieldIds: { text: 0 }, fieldLength: lengths, averageFieldLength: [data.average], storedFields: {}, dirtCount: 0, index: index, serializationVersion: 2 }
}
