/** The one edition tree: metadata, front matter, the documents in order, and (later) apparatus and index. */
import { buildDocument, type EditionDocument } from './document.ts'
import { loadSources, type Sources } from './sources.ts'

export interface Edition {
  sources: Sources
  documents: EditionDocument[]
}

export function buildEdition(root: string): Edition {
  const sources = loadSources(root)
  return { sources, documents: sources.documents.map(buildDocument) }
}
