/**
 * The render model: the edition as parts, each with its content (mdast of the model's kinds, with its decisions as
 * kinds and data of their own, content-model.ts), its notes by series with their placement in each layout, its headnote as data
 * and its label; the index and the apparatus as data; all made once. Every writer (HTML, EPUB, PDF) reads this and
 * nothing else, and makes its own markup of the content through content.ts; none of them changes it.
 */
import { readFileSync } from 'node:fs'
import type { Nodes, Root, RootContent, Text } from 'mdast'
import { inSign, lineStartsOf, pointAt, shownTitle, type ChangeKind } from '../witness/changes.ts'
import type { EditionDocument } from '../edition/document.ts'
import type { Edition } from '../edition/edition.ts'
import type { EditionMeta } from '../edition/sources.ts'
import { checkFragmentLinks } from '../edition/safe-markdown.ts'
import { makeEachTime, type Remember } from '../memory.ts'
import { projectPath } from '../paths.ts'
import { words } from '../witness/words.ts'
import { inLanguages as marked } from './languages.ts'
import { mapContent } from './content-map.ts'
import { apparatusOf, apparatusSections, changeCounts, kindLabels, listedKinds, placer, ruleKinds, type Apparatus } from './apparatus.ts'
import type { Block, Headnote, Inline, Note, Series } from './content-model.ts'
import { contentTools, partContent, textOf, writerContent } from './content.ts'
import { toBlocks, type ChangeMarks } from './from-mdast.ts'
import { indexView, type IndexEntryView, type IndexLocatorView } from './index-view.ts'
import { markupTools } from './markup.ts'

export type { Apparatus, Block, Headnote, IndexEntryView, IndexLocatorView, Inline, Note, Series }

export interface Section {
  id: string
  title: string
  depth: number
  /**
   * The source's own heading over its notes (the wiki's “References”, the essay's “Notes”): a format that lists
   * notes at the end of the part puts them under it; one that sets them at the page foot leaves nothing under
   * it, and shows it as `notesAtPageFoot` says, outside its contents and outline.
   */
  notes?: true
}

/**
 * The kinds of output, by how a reader moves through them: a paged book (PDF), scrolled pages (the HTML site and
 * archive) and a reflowable book (EPUB). What differs between them is decided here, for each, once.
 */
export type Layout = 'paged' | 'scrolled' | 'reflowable'

/** What a reader sees of each note series: the heading over its list and the label of one note (“Editor’s note b”). */
export const seriesNames: Record<Series, { heading: string; note: string }> = {
  author: { heading: 'Notes', note: 'Note' },
  editor: { heading: 'Editor’s notes', note: 'Editor’s note' },
}

/** One series of a part's notes, and where it goes. */
export interface NoteSeries {
  series: Series
  /** The part's notes of the series, in the order of their marks. */
  notes: Note[]
  /**
   * Where the notes go in each layout: in a list at the `end` of the part (the site's pages, with pop-ups from the
   * references; EPUB endnotes), or each at the `page-foot` of the page where it is called (notes called from a
   * note follow the note that calls them).
   */
  placement: Record<Layout, 'end' | 'page-foot'>
  /**
   * At the end, the list goes under the source's own heading over its notes (the wiki's “References”, the essay's
   * “Notes”: its id, a heading block at the top level of `body`), or, when there is none, under a heading of its own
   * (`seriesNames`) after the text.
   */
  under?: string
  /** The id of the heading over the list at the end: the source's own (`under`), or `notes-<series>-<part>` for the heading a writer adds. */
  heading: string
}

export type PartRole = 'introduction' | 'note-on-the-text' | 'document' | 'apparatus' | 'index' | 'colophon'

export interface Part {
  /** Stable id, also the file stem writers use: `introduction`, `doc-1`, `apparatus`, `index`, `colophon`. */
  id: string
  role: PartRole
  kind: 'front' | 'body' | 'back'
  title: string
  /** How contents, outlines and pagers name the part: “2. The title” for a document, its title otherwise. */
  label: string
  /** Documents only: position in the edition (1-based) and folder name. */
  number?: number
  slug?: string
  /** Documents only: the source as document.yaml describes it (each "not stated in the source" where it is not). */
  source?: { author: string; site: string; date: string }
  /** Documents only: the people the source names as its makers (document.yaml `contributors`). */
  contributors?: Array<{ name: string; role: 'author' | 'interviewer' | 'interviewee' }>
  /** Documents only: the editor's headnote (provenance, words, changes), shown before the text (`headnoteContent`). */
  headnote?: Headnote
  /**
   * Where the headnote goes, in every layout: before `body[headnoteAt]`, that is after the part's title heading
   * (a heading of depth 1, 1) or at the start when the body does not open with one (0). Writers that set the title
   * apart from the text take these first blocks of the body as the title.
   */
  headnoteAt: number
  /** The id of the part's title heading (the body's first heading of depth 1 at its top level), which writers name the part by; none when it has none. */
  titleId?: string
  /**
   * The content: mdast of the model's kinds (content-model.ts), Folio's decisions among them as kinds and data of
   * their own (note references, citable blocks and their numbers, index marks, marked changes), which writers turn
   * into their markup through content.ts (`partContent`, `writerContent`). Blocks carry their `id`s as data.
   * All links between parts are fragment-only (`#id`); see `partOfIds`.
   */
  body: Block[]
  /** The apparatus part: its changes as data, which writers set after the body with `partContent`. */
  apparatus?: Apparatus
  /** The index part: the entries (`Model.index`), which writers set after the body (`partContent`, `indexMarkup`). */
  index?: IndexEntryView[]
  /** The scripts whose words are marked with their language (edition.yaml's `scriptLanguages`) in what is set from the part's data (its apparatus or index). */
  languages?: Record<string, string>
  notes: Note[]
  /** The notes by series (authors' first), each with its placement; a series without notes is not listed. */
  noteSeries: NoteSeries[]
  /** Documents only: the witness and every change from it, placed in the edition. */
  witness?: Witness
  /** Headings of the part (depth 2 and 3), for tables of contents and the PDF outline. */
  sections: Section[]
}

/** A part as made from the edition, before it is given what follows from its content. */
type PartContent = Omit<Part, 'label' | 'noteSeries' | 'headnoteAt' | 'titleId'>

/** A document's text: what of its part does not depend on the headnote. */
/** A recorded change as the reader meets it: in the apparatus, in the text (when marked there) and in the witness. */
export interface ChangeView {
  /**
   * `c<document>-<k>`, k its position in the document's change record (report.json's order). Changes of the kinds
   * marked in the text (`markedKinds`) are, where they are found there, `span.change change-<kind>` with this id
   * (a change split by an index mark is marked in pieces, the first with the id); their apparatus row has id
   * `ap-<id>`.
   */
  id: string
  kind: ChangeKind
  line: number
  column: number
  /** 0-based offset in the witness where `before` starts (or where `after` is inserted). */
  offset: number
  before: string
  after: string
  reason: string
  /** Whether the change is marked in the text (a span with the change's id). */
  marked: boolean
  /** The block of the edition that holds the change, and the label a reader cites (2.14, 3.n6, or a heading). */
  block?: { id: string; label: string }
}

export interface Witness {
  /** The witness as it was found, byte for byte. */
  text: string
  changes: ChangeView[]
  /** Each block's witness lines (1-based, inclusive), by block id. */
  lines: Map<string, { from: number; to: number }>
}

type DocumentText = Pick<Part, 'body' | 'notes' | 'sections' | 'witness'>

export interface Model {
  meta: EditionMeta & { sourceHash: string; tools: Record<string, string> }
  /** In reading order: front, documents, back. */
  parts: Part[]
  index: IndexEntryView[]
  /** Documents included (1-based numbers), e.g. all, or a packet's. */
  documents: number[]
  /** Which part each element id lives in (`partOfIds`), for the writers that split the parts into files. */
  partOf: Map<string, string>
}

export interface ModelOptions {
  /** Restrict to these documents (1-based, in this order): a reading packet. */
  documents?: number[]
  /** The packet's title, when `documents` make one: its introduction and colophon name it. */
  packet?: { title: string }
  /** Parts kept from the last build (`folio serve`): a part whose inputs are unchanged is not made again. */
  remember?: Remember
  /** For a packet, the whole edition's model (made when not given): where the places a packet's links lead to are. */
  whole?: Pick<Model, 'partOf'>
}

/** The packages the build runs, named in the colophon: the parsers, the markup processor, the EPUB and PDF writers. */
const tools = ['remark-parse', 'remark-gfm', ...new Set([...contentTools, ...markupTools]), 'epub-gen-memory', 'pagedjs', 'puppeteer']

export function renderModel(edition: Edition, options: ModelOptions = {}): Model {
  const { sources } = edition
  const remember = options.remember ?? makeEachTime
  const numbers = options.documents ?? edition.documents.map((d) => d.source.number)
  const documents = numbers.map((n) => edition.documents[n - 1]!)
  const partOf = new Map(documents.map((d) => [d.source.number, `doc-${d.source.number}`]))
  const documentIds = new Map(documents.map((d) => [d.source.slug, `doc-${d.source.number}`]))
  const inEdition = new Map(edition.documents.map((d) => [d.source.slug, d.source.number]))
  const packet = numbers.length < edition.documents.length || options.packet ? { title: options.packet?.title ?? `Documents ${numbers.join(', ')}` } : undefined
  // A packet's links to places in the documents it does not print: which document each place is in.
  const elsewhere = packet ? placesElsewhere((options.whole ?? renderModel(edition, { remember })).partOf, new Set(documentIds.values())) : new Map<string, number>()
  // Links to documents and places in editorial text depend on which documents this model has, and where the others
  // are in the edition (a packet names their numbers): every part does.
  const links = [documentIds, elsewhere]
  // Words in another script are marked with their language in every part: edition.yaml's choice, part of each key.
  const languages = sources.edition.scriptLanguages
  const link = (blocks: Block[]) => resolveDocumentLinks(blocks, documentIds, inEdition, elsewhere)
  /**
   * The part made from `inputs`, what `make` reads (and the links, `languages`), or the one the last build made from the
   * same: each input is one of the key's (a document, the text made from it), whose digest the memory keeps by identity.
   */
  const part = (kind: string, inputs: unknown[], make: () => PartContent): Part => remember('part', [kind, ...inputs, links, inEdition, languages], () => completed(inLanguages(make(), languages)))
  const index = indexView(edition.index, partOf)
  const versions = Object.fromEntries(tools.map((t) => [t, versionOf(t)]))
  // Each document bar its headnote: its text and apparatus, and what writers make of them, are made from it alone, so
  // that an edited headnote leaves them as they were.
  const bare = documents.map((d): EditionDocument => ({ ...d, headnote: undefined, source: { ...d.source, headnote: undefined } }))
  const documentParts = bare.map((d, i) => {
    const text = remember('document-text', [d, links, inEdition, languages], () => documentText(d, link))
    const headnote = documents[i]!.headnote
    return part('document', [d, headnote, text], () => documentPart({ ...d, headnote }, text, link))
  })
  // Which changes the texts mark: their apparatus rows link to the marks.
  const marked = new Set(documentParts.flatMap((p) => p.witness!.changes.filter((c) => c.marked).map((c) => c.id)))
  const parts: Part[] = [
    ...edition.front.map((f) =>
      packet && f.role === 'introduction'
        ? part('packet-introduction', [packet.title, f.title, sources.edition, ...edition.documents, ...documents], () => packetIntroduction(edition, documents, f.title, packet.title))
        : part('front', [f], () => frontPart(f.role, f.title, withoutAbsentDocuments(f.tree, documentIds), link))
    ),
    ...documentParts,
    // Generated from the documents, the index and edition.yaml: no editorial links to resolve.
    part('apparatus', [...bare, marked], () => apparatusPart(apparatusOf(bare, marked))),
    // An edition without index entries (no index.yaml, or none with a locator here) has no index part.
    ...(index.length > 0 ? [part('index', [index], () => indexPart(index))] : []),
    part('colophon', [sources.edition, sources.hash, versions, packet?.title, ...(packet ? documents : [])], () => colophonPart(edition, versions, packet && { title: packet.title, documents })),
  ]
  const ids = new Map(parts.flatMap(idsOf))
  // A packet holds some of the documents: its links to places are checked where the whole edition's model is made.
  if (!packet) checkFragmentLinks(edition.fragments, ids)
  return {
    meta: { ...sources.edition, sourceHash: sources.hash, tools: versions },
    parts,
    index,
    documents: numbers,
    partOf: ids,
  }
}

/** A part with what follows from its content: its label, note series, title heading, headnote's place and summary. */
function completed(content: PartContent): Part {
  const label = content.number === undefined ? content.title : `${content.number}. ${content.title}`
  const heading = content.body.find((b) => b.type === 'heading' && b.data?.notesHeading)
  const noteSeries = (['author', 'editor'] as const).flatMap((series): NoteSeries[] => {
    const notes = content.notes.filter((n) => n.series === series)
    if (notes.length === 0) return []
    const under = series === 'author' && heading?.type === 'heading' ? (heading.data?.id ?? '') : undefined
    const placement = { paged: 'page-foot', scrolled: 'end', reflowable: 'end' } as const
    return [{ series, notes, placement, ...(under === undefined ? {} : { under }), heading: under ?? `notes-${series}-${content.id}` }]
  })
  const first = content.body[0]
  const headnoteAt = first?.type === 'heading' && first.depth === 1 ? 1 : 0
  const title = content.body.find((b) => b.type === 'heading' && b.depth === 1)
  const summary = content.headnote?.text.find((b) => b.type === 'paragraph')
  const headnote = content.headnote && { ...content.headnote, ...(summary && { summary }) }
  return { ...content, label, noteSeries, headnoteAt, ...(title?.type === 'heading' && title.data?.id ? { titleId: title.data.id } : {}), ...(headnote && { headnote }) }
}

/**
 * Editor's notes link to other documents as `doc:<folder>`; they become `#doc-<n>` (writers put each part's id on
 * the element that wraps it), or, when the document is not in this model (a packet), plain text that says where
 * the document is: its number in the full edition (`edition`: folder → number). So does a link to a place (`#id`)
 * in a document a packet does not print (`elsewhere`: id → the document's number).
 */
function resolveDocumentLinks(blocks: Block[], ids: Map<string, string>, edition: Map<string, number>, elsewhere: Map<string, number>): Block[] {
  return mapContent(blocks, (node): Nodes[] => {
    if (node.type !== 'link') return [node]
    const away = node.url.startsWith('#') ? elsewhere.get(node.url.slice(1)) : undefined
    if (away !== undefined) return [...node.children, { type: 'notInPacket', document: away }]
    if (!node.url.startsWith('doc:')) return [node]
    const id = ids.get(node.url.slice(4))
    if (!id) return [...node.children, { type: 'notInPacket', document: edition.get(node.url.slice(4))! }]
    return [{ ...node, url: `#${id}`, data: { ...node.data, part: true } }]
  })
}

/**
 * Front matter for a packet: a paragraph (or list item) that begins with a link to a document the packet does not
 * have is about that document (“*[The interview](doc:…).* The source marks turns…”) and is left out. A copy.
 */
function withoutAbsentDocuments(tree: Root, ids: Map<string, string>): Root {
  const leadsTo = (node: RootContent): string | undefined => {
    if (node.type === 'link') return node.url
    if ('children' in node && node.children.length > 0) return leadsTo(node.children[0]!)
    return undefined
  }
  const absent = (node: RootContent) => {
    const url = node.type === 'paragraph' ? leadsTo(node) : undefined
    return url?.startsWith('doc:') === true && !ids.has(url.slice(4))
  }
  return { ...tree, children: tree.children.filter((node) => !absent(node)) }
}

/**
 * A packet's own introduction, made from the edition's data: what the packet prints, where it is taken from,
 * what it leaves out and how references to those documents read.
 */
function packetIntroduction(edition: Edition, documents: EditionDocument[], title: string, packetTitle: string): PartContent {
  const e = edition.sources.edition
  const numbers = new Set(documents.map((d) => d.source.number))
  const others = edition.documents.filter((d) => !numbers.has(d.source.number))
  const list = (ds: EditionDocument[]): Block => ({ type: 'list', ordered: false, spread: false, data: { attributes: { class: ['packet-documents'] } }, children: ds.map((d) => ({ type: 'listItem', spread: false, children: [paragraph([text(`${d.source.number}. `), titled(d.meta.title), text(`: ${d.meta.genre}. Author: ${d.meta.author}.`)])] })) })
  const body: Block[] = [
    heading('introduction-h1', title),
    paragraph([
      text('This reading packet, '),
      titled(packetTitle),
      text(`, prints ${documents.length === 1 ? 'one' : documents.length} of the ${edition.documents.length} documents of `),
      titled(e.title),
      text(`, version ${e.version} (${e.date}), edited by ${e.editor}. The documents keep their numbers in the full edition, and their paragraphs the numbers by which the edition cites them:`),
    ]),
    list(documents),
    paragraph([text('Each document is preceded by its headnote, which states what is known of its author, site and date, and which changes were made to its witness; the apparatus lists every change. The note on the text describes the editorial method.')]),
    ...(others.length > 0 ? [paragraph([text('The full edition also prints:')]), list(others), paragraph([text('Where an editor’s note refers to one of these, it gives the document’s number in the full edition.')])] : []),
  ]
  return { id: 'introduction', role: 'introduction', kind: 'front', title, body, notes: [], sections: [] }
}

const text = (value: string): Inline => ({ type: 'text', value })
const titled = (value: string): Inline => ({ type: 'title', children: [text(value)] })
const paragraph = (children: Inline[]): Block => ({ type: 'paragraph', children })
const heading = (id: string, title: string): Block => ({ type: 'heading', depth: 1, data: { id }, children: [text(title)] })

/** The part with its words in other scripts marked (`scriptLanguages`), in copies: what it was made from is shared. */
function inLanguages(part: PartContent, languages: Record<string, string>): PartContent {
  if (Object.keys(languages).length === 0) return part
  const mark = (blocks: Block[]) => marked(blocks, languages)
  const headnote = part.headnote && { ...part.headnote, provenance: part.headnote.provenance.map((f) => ({ ...f, value: marked(f.value, languages) })), text: mark(part.headnote.text) }
  const setFromData = part.apparatus !== undefined || part.index !== undefined
  return { ...part, body: mark(part.body), ...(headnote && { headnote }), notes: part.notes.map((n) => ({ ...n, content: mark(n.content) })), ...(setFromData && { languages }) }
}

/** The places (element ids) of the whole edition (`partOf`) in documents other than `present` (part ids), with the document's number. */
function placesElsewhere(partOf: Map<string, string>, present: Set<string>): Map<string, number> {
  const away = new Map<string, number>()
  for (const [id, part] of partOf) if (part.startsWith('doc-') && !present.has(part)) away.set(id, Number(part.slice(4)))
  return away
}

/** Which part each element id lives in: multi-file writers turn `#id` into `<file>#id` with it. */
export function partOfIds(model: Pick<Model, 'parts'>): Map<string, string> {
  return new Map(model.parts.flatMap(idsOf))
}

/** The ids of one part's elements, each with the part's id. */
function idsOf(part: Part): Array<[string, string]> {
  const ids: Array<[string, string]> = [[part.id, part.id]]
  const walk = (nodes: Nodes[]) => {
    for (const node of nodes) {
      const id = node.type === 'heading' || node.type === 'paragraph' ? node.data?.id : node.type === 'indexMark' || node.type === 'notesPlaced' ? node.id : node.type === 'noteRef' ? node.ref.ref : node.type === 'change' && node.mark.first ? node.mark.change : undefined
      if (id) ids.push([id, part.id])
      if ('children' in node) walk(node.children)
    }
  }
  walk(part.headnote?.text ?? [])
  walk(part.body)
  for (const note of part.notes) {
    ids.push([note.id, part.id])
    walk(note.content)
  }
  // What the shared renderers set from the part's data (the apparatus, the index) has ids of its own.
  const set = (nodes: ReturnType<typeof partContent>) => {
    for (const node of nodes)
      if (node.type === 'element') {
        if (node.properties.id) ids.push([String(node.properties.id), part.id])
        set(node.children)
      }
  }
  if (part.apparatus || part.index) set(partContent({ body: [], apparatus: part.apparatus, index: part.index }))
  return ids
}

function versionOf(name: string): string {
  return (JSON.parse(readFileSync(projectPath('node_modules', name, 'package.json'), 'utf8')) as { version: string }).version
}

/** The edition's mdast → the model's, with Folio's note references (from-mdast.ts); definitions are collected, not set in place. `marks`: where changes are marked in the text (`placeChanges`). */
function convert(tree: Root, document: number, marks?: ChangeMarks): { body: Block[]; notes: Note[] } {
  const { blocks, notes } = toBlocks(tree, document, marks)
  // Notes are numbered by their references, but content can only be converted once the note is met.
  return { body: blocks, notes: orderNotes(notes) }
}

/** Authors' notes first, then editor's notes, each in the order of their marks (1, 2 … and a, b … z, aa). */
function orderNotes(notes: Note[]): Note[] {
  const rank = (n: Note) => (n.series === 'author' ? Number(n.mark) : [...n.mark].reduce((v, ch) => v * 26 + ch.charCodeAt(0) - 96, 0))
  const sorted = (series: Series) => notes.filter((n) => n.series === series).sort((a, b) => rank(a) - rank(b) || a.mark.localeCompare(b.mark))
  return [...sorted('author'), ...sorted('editor')]
}

function sectionsOf(body: Block[]): Section[] {
  const sections: Section[] = []
  for (const b of body)
    if (b.type === 'heading' && (b.depth === 2 || b.depth === 3)) sections.push({ id: b.data?.id ?? '', title: textOf(writerContent([b])), depth: b.depth, ...(b.data?.notesHeading ? { notes: true as const } : {}) })
  return sections
}

/**
 * For the paged layout, where the authors' notes go to the foot of the page: the source's heading over its notes
 * (`NoteSeries.under`) would head nothing, so it becomes a paragraph that keeps its words (they are the source's)
 * and says, in the editorial sign, where the notes are now. The body is copied where it changes.
 */
export function notesAtPageFoot(part: Part): Block[] {
  const author = part.noteSeries.find((s) => s.series === 'author' && s.under !== undefined && s.placement.paged === 'page-foot')
  if (!author) return part.body
  const count = author.notes.length
  return part.body.map((b) => {
    if (b.type !== 'heading' || b.data?.id === undefined || b.data.id !== author.under) return b
    const where = inSign(`${count === 1 ? 'The note' : `The ${count} notes`} under this heading in the source ${count === 1 ? 'is' : 'are'} printed at the foot of the page${count === 1 ? '' : 's'} where ${count === 1 ? 'it is' : 'they are'} called.`)
    return { type: 'notesPlaced', id: b.data.id, where, children: b.children }
  })
}

/** `link` resolves the links to documents in editorial text. */
type Linker = (blocks: Block[]) => Block[]

function frontPart(role: PartRole, title: string, tree: Root, link: Linker): PartContent {
  const { body } = convert(tree, 0)
  return { id: role, role, kind: 'front', title, body: link(withHeadingIds(body, role)), notes: [], sections: [] }
}

function withHeadingIds(body: Block[], prefix: string): Block[] {
  let n = 0
  return body.map((b) => (b.type === 'heading' && b.data?.id === undefined ? { ...b, data: { ...b.data, id: `${prefix}-h${++n}` } } : b))
}

/** The body and notes of a document, with the editor's notes in them. */
function documentText(doc: EditionDocument, link: Linker): DocumentText {
  const witness = witnessOf(doc)
  const { body, notes } = convert(doc.tree, doc.source.number, placeChanges(doc.tree, witness.changes))
  return { body: link(body), notes: notes.map((note) => ({ ...note, content: link(note.content) })), sections: sectionsOf(body), witness }
}

/** Kinds of change marked in the reading text: the edition's readings, as against the witness's. */
export const markedKinds: ChangeKind[] = ['emendation', 'sic', 'homoglyph', 'supplied']


function witnessOf(doc: EditionDocument): Witness {
  const n = doc.source.number
  const place = placer(doc)
  const changes = doc.changes.map((c, k): ChangeView => {
    const at = place(c.offset)
    return { id: `c${n}-${k}`, kind: c.kind, line: c.line, column: c.column, offset: c.offset, before: c.before, after: c.after, reason: c.reason, marked: false, block: at && { id: at.id, label: at.label } }
  })
  return { text: doc.source.witness, changes, lines: blockLines(doc) }
}

/**
 * Finds each change of a marked kind in the text (its text nodes in tree order, which is witness order): an
 * edited or inserted run of characters (witness offset -1, possibly across nodes that index marks split) holds
 * the changes that begin just after the witness character before it or end just before the one after it (text
 * nodes are not all in witness order: an essay's endnotes follow its comments) and whose reading it contains.
 * Sets `marked` on the changes found. A change split across nodes is marked in each; the first piece has its id.
 */
function placeChanges(tree: Root, changes: ChangeView[]): ChangeMarks {
  const chars: Array<{ node: Text; at: number; offset: number }> = []
  const walk = (node: Root | RootContent) => {
    if (node.type === 'text') {
      const map = node.data?.map
      if (map && map.length === node.value.length) for (let at = 0; at < map.length; at++) chars.push({ node, at, offset: map[at]! })
    } else if ('children' in node) for (const child of node.children) walk(child)
  }
  walk(tree)
  const marks: ChangeMarks = new Map()
  const mark = (from: number, to: number, c: ChangeView) => {
    for (let k = from; k < to; k++) {
      const { node, at } = chars[k]!
      const list = marks.get(node) ?? marks.set(node, []).get(node)!
      const piece = list.at(-1)
      if (piece && piece.end === at && piece.change === c) piece.end = at + 1
      else list.push({ start: at, end: at + 1, id: k === from ? c.id : undefined, kind: c.kind, change: c })
    }
  }
  const pending = changes.filter((c) => markedKinds.includes(c.kind) && c.after !== '').sort((a, b) => a.offset - b.offset)
  let last = -1
  for (let i = 0; i < chars.length; ) {
    if (chars[i]!.offset >= 0) {
      last = chars[i++]!.offset
      continue
    }
    let end = i
    while (end < chars.length && chars[end]!.offset < 0) end++
    const next = end < chars.length ? chars[end]!.offset : Infinity
    const run = chars.slice(i, end).map((c) => c.node.value[c.at]).join('')
    const taken = new Array<boolean>(run.length).fill(false)
    const free = (from: number, length: number) => taken.slice(from, from + length).every((t) => !t)
    for (const c of pending.filter((c) => !c.marked && (c.offset === last + 1 || c.offset === next || c.offset + c.before.length === next))) {
      let found = run.indexOf(c.after)
      while (found >= 0 && !free(found, c.after.length)) found = run.indexOf(c.after, found + 1)
      if (found < 0) continue
      c.marked = true
      taken.fill(true, found, found + c.after.length)
      mark(i + found, i + found + c.after.length, c)
    }
    i = end
  }
  return marks
}

/** The witness lines each block's text comes from. */
function blockLines(doc: EditionDocument): Map<string, { from: number; to: number }> {
  const starts = lineStartsOf(doc.source.witness)
  const lineOf = (offset: number) => pointAt(starts, offset).line
  const lines = new Map<string, { from: number; to: number }>()
  const walk = (node: RootContent | Root) => {
    if ((node.type === 'paragraph' || node.type === 'heading') && node.data?.id) {
      const [from, to] = offsetsOf(node)
      if (from <= to) lines.set(node.data.id, { from: lineOf(from), to: lineOf(to) })
    } else if ('children' in node) for (const child of node.children) walk(child)
  }
  walk(doc.tree)
  return lines
}

/** The smallest and largest witness offsets of the text below a node. */
function offsetsOf(node: RootContent): [number, number] {
  if (node.type === 'text') return (node.data?.map ?? []).reduce(([from, to], o) => (o >= 0 ? [Math.min(from, o), Math.max(to, o)] : [from, to]), [Infinity, -Infinity])
  if (!('children' in node)) return [Infinity, -Infinity]
  return node.children.reduce(([from, to], child) => {
    const [f, t] = offsetsOf(child)
    return [Math.min(from, f), Math.max(to, t)]
  }, [Infinity, -Infinity] as [number, number])
}


function documentPart(doc: EditionDocument, documentText: DocumentText, link: Linker): PartContent {
  const n = doc.source.number
  const m = doc.meta
  const counts = changeCounts(doc.changes)
  const kinds = [...listedKinds, ...ruleKinds, 'layout' as const].filter((k) => counts.get(k)).map((k) => ({ label: kindLabels[k].toLowerCase(), count: counts.get(k)! }))
  const witness = `${doc.source.bytes.toLocaleString('en')} bytes, ${words(doc.source.witness).toLocaleString('en')} words; sha256 ${doc.source.sha256.slice(0, 16)}…`
  const provenance = ([['Author', m.author], ['Site', m.site], ['Kind of text', m.genre], ['Date', m.date], ['Witness', witness]] as const).map(([label, value]) => ({ label, value: [text(value)] }))
  const headnote: Headnote = {
    provenance,
    text: doc.headnote ? link(convert(doc.headnote, n).body) : [],
    changes: { kinds, apparatus: `apparatus-${n}` },
  }
  return { id: `doc-${n}`, role: 'document', kind: 'body', title: shownTitle(m), number: n, slug: doc.source.slug, source: { author: m.author, site: m.site, date: m.date }, contributors: m.contributors, headnote, ...documentText }
}



function apparatusPart(apparatus: Apparatus): PartContent {
  const body: Block[] = [heading('apparatus-title', 'Apparatus')]
  return { id: 'apparatus', role: 'apparatus', kind: 'back', title: 'Apparatus', body, apparatus, notes: [], sections: apparatusSections(apparatus) }
}

function indexPart(entries: IndexEntryView[]): PartContent {
  const body: Block[] = [heading('index-title', 'Index of Names and Subjects')]
  return { id: 'index', role: 'index', kind: 'back', title: 'Index', body, index: entries, notes: [], sections: [] }
}

function colophonPart(edition: Edition, versions: Record<string, string>, packet?: { title: string; documents: EditionDocument[] }): PartContent {
  const { sources } = edition
  const e = sources.edition
  const body: Block[] = [
    heading('colophon-title', 'Colophon'),
    ...(packet
      ? [paragraph([text('This reading packet, '), titled(packet.title), text(`, prints ${packet.documents.length === 1 ? 'document' : 'documents'} `), ...packet.documents.flatMap((d, i) => [text(i === 0 ? '' : i === packet.documents.length - 1 ? ' and ' : ', '), text(`${d.source.number} (`), titled(d.meta.title), text(')')]), text(' of the edition described below.')])]
      : []),
    paragraph([titled(e.title), text(e.subtitle ? `: ${e.subtitle}` : ''), text(`. Edited by ${e.editor}. Published by ${e.publisher}. Version ${e.version}, ${e.date}.`)]),
    paragraph([text(e.rights)]),
    paragraph([text('Source hash (sha256 over every file of the sources): '), { type: 'inlineCode', value: sources.hash }, text('.')]),
    paragraph([text(`Built with Folio from the witnesses listed in the headnotes; tools: ${Object.entries(versions).map(([t, v]) => `${t} ${v}`).join(', ')}.`)]),
  ]
  return { id: 'colophon', role: 'colophon', kind: 'back', title: 'Colophon', body, notes: [], sections: [] }
}
