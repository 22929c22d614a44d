// How search terms are normalised, by the build (index) and the search page (query) alike: no accents, lower case.
var folioProcessTerm = function (term) {
  return term.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}
