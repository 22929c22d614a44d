/**
 * The contract of the model's content, as Pandoc's AST is its writers': mdast, the syntax tree unified's writers
 * read, of the kinds below only, with Folio's decisions as kinds of their own (note references, index marks, change
 * marks, words in another language, the source's notes heading placed at the page foot), declared here into mdast.
 * What a reader of a source gave a node beyond its kind (ids, citable numbers, classes) is typed data on it, never
 * markup. Made once, where the model is made (from-mdast.ts, model.ts); writers turn it into their markup through
 * content.ts, which runs it through remark-rehype.
 */
import type { BlockContent, Node, Parent, PhrasingContent } from 'mdast'
import type { ChangeKind } from '../witness/changes.ts'

export type Series = 'author' | 'editor'

/**
 * A block: mdast's `paragraph` (with its id and the number a reader cites it by, 2.14, when it is citable),
 * `heading` (depth 1 the part's title; `notesHeading`, the source's own heading over its notes), `list` (`spread`:
 * its items' paragraphs stand apart, Markdown's loose list; an item's `checked`: a task's box), `blockquote` (a
 * quotation, or a turn of speech set off as one), `code` (with the language it is written in), `thematicBreak`,
 * `table` (its first row the head); or Folio's `notesPlaced`. Never mdast's `html`: raw HTML in a source is not set.
 */
export type Block = Exclude<BlockContent, { type: 'html' }>

/**
 * Inline content: mdast's `text`, `emphasis` (words the editors supply, ‹sic› after a word kept, ‹link lost›, carry
 * their class: `supplied` and which), `strong`, `delete`, `inlineCode`, `link` (`part`: a link to another part of the
 * edition), `break`; or Folio's kinds below and the edition's `indexMark` (an occurrence of an index entry, whose id
 * the index's locators link to). References, images and raw HTML are resolved or left out when the model is made,
 * and refused where it is set (content.ts).
 */
export type Inline = PhrasingContent

/**
 * What the reader of a source gave a block or span beyond its kind (Pandoc's Attr, without the id): `class`, what
 * it is in its source (a turn of the interviewee, a byline, an excerpt, a heading the editors supplied); its
 * `lang`; a `title`. In the order the reader gave them, which markup keeps.
 */
export interface Attributes {
  class?: string[]
  lang?: string
  title?: string
}

/** A reference to a note. */
export interface NoteReference extends Node {
  type: 'noteRef'
  ref: NoteRef
}

/** A change from the witness marked in the text (a piece of one, when index marks split it). */
export interface ChangeSpan extends Parent {
  type: 'change'
  mark: ChangeMark
  children: Inline[]
}

/** Words in another language (edition.yaml's `scriptLanguages`). */
export interface LanguageSpan extends Parent {
  type: 'language'
  lang: string
  children: Inline[]
}

/** Text isolated from the direction of the text around it (a bidirectional control the witness has). */
export interface Isolate extends Parent {
  type: 'isolate'
  children: Inline[]
}

/** The title of a work, set in italics. */
export interface WorkTitle extends Parent {
  type: 'title'
  children: Inline[]
}

/** Where a document a link leads to is, when this model (a reading packet) does not have it: its number in the full edition. */
export interface NotInPacket extends Node {
  type: 'notInPacket'
  document: number
}

/**
 * The source's heading over its notes where its notes are printed at the page foot (`notesAtPageFoot`): its
 * words (the source's, its children), and the editors' line, in the editorial sign, saying where the notes are now.
 */
export interface NotesPlaced extends Parent {
  type: 'notesPlaced'
  id: string
  where: string
  children: Inline[]
}

interface FolioInlines {
  noteRef: NoteReference
  change: ChangeSpan
  language: LanguageSpan
  isolate: Isolate
  title: WorkTitle
  notInPacket: NotInPacket
}

declare module 'mdast' {
  interface PhrasingContentMap extends FolioInlines {}
  interface RootContentMap extends FolioInlines {
    notesPlaced: NotesPlaced
  }
  interface BlockContentMap {
    notesPlaced: NotesPlaced
  }
  interface ParagraphData {
    attributes?: Attributes
  }
  interface HeadingData {
    attributes?: Attributes
  }
  interface ListData {
    attributes?: Attributes
  }
  interface BlockquoteData {
    attributes?: Attributes
  }
  interface EmphasisData {
    attributes?: Attributes
  }
  interface LinkData {
    /** A link to another part of the edition (an editor's note's link to a document). */
    part?: true
  }
}

/** A reference to a note. */
export interface NoteRef {
  series: Series
  /** The note's element id (`n2-3`, `e2-b`). */
  note: string
  /** The reference's own id, on the first reference to the note only (the note links back to it). */
  ref?: string
  /** What the reader sees: 3, b. */
  mark: string
}

/** A change marked in the text (or a piece of one). */
export interface ChangeMark {
  /** The change's id (`ChangeView.id`); its first piece also has it as its element id (`first`). */
  change: string
  kind: ChangeKind
  first: boolean
}

export interface Note {
  series: Series
  /** What the reader sees: 1, 2, 3 (authors) or a, b, c (editor). */
  mark: string
  /** Element id of the note; the reference links here. */
  id: string
  /** Element id of the (first) reference to the note in the text; the note links back here. */
  refId: string
  content: Block[]
}

/** A document's headnote as data: what is known of the source, the editor's words, what the witness was changed by. */
export interface Headnote {
  /** Author, Site, Kind of text, Date, Witness: as document.yaml and the witness give them. */
  provenance: Array<{ label: string; value: Inline[] }>
  /** The editor's own words (document.yaml's `headnote`), converted; none when there are none. */
  text: Block[]
  /** Each kind of change the document's record has (its label and count), and the id of its apparatus section. */
  changes: { kinds: Array<{ label: string; count: number }>; apparatus: string }
  /** The editor's summary of the document, where documents are listed (the landing page): the first paragraph of `text`; none when it has none. */
  summary?: Block
}
