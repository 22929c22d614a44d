/**
 * The contract of the model's content, as Pandoc's AST is its writers': blocks and inline content of Folio's own,
 * with its decisions as kinds of their own (note references, index marks, change marks, words in another
 * language, the source's notes heading placed at the page foot). Made once, where the model is made (from-mdast.ts, model.ts);
 * writers turn it into their markup through content.ts.
 */
import type { ChangeKind } from '../witness/changes.ts'

export type Series = 'author' | 'editor'

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

export type Block =
  /** A heading (depth 1 the part's title), with its id; `notesHeading`: the source's own heading over its notes (`NoteSeries.under`). */
  | { type: 'heading'; depth: 1 | 2 | 3 | 4 | 5 | 6; id?: string; attributes?: Attributes; notesHeading?: true; content: Inline[] }
  /** A paragraph, with its id and the number a reader cites it by (2.14) when it is citable. */
  | { type: 'paragraph'; id?: string; number?: string; attributes?: Attributes; content: Inline[] }
  /** A list; `tight`, its items' paragraphs run into the items (Markdown's tight list). */
  | { type: 'list'; ordered: boolean; start?: number; tight: boolean; attributes?: Attributes; items: Block[][] }
  /** A quotation, or a turn of speech set off as one (`attributes`). */
  | { type: 'quote'; attributes?: Attributes; content: Block[] }
  /** Preformatted text, with the language it is written in. */
  | { type: 'codeBlock'; lang?: string; value: string }
  /** A thematic break. */
  | { type: 'rule' }
  /** A table: its first row the head, each cell's alignment by column. */
  | { type: 'table'; align: Array<'left' | 'right' | 'center' | null>; rows: Inline[][][] }
  /**
   * The source's heading over its notes where its notes are printed at the page foot (`notesAtPageFoot`): its
   * words (the source's), and the editors' line, in the editorial sign, saying where the notes are now.
   */
  | { type: 'notesPlaced'; id: string; heading: Inline[]; where: string }

export type Inline =
  /** Text. */
  | { type: 'text'; value: string }
  /** Emphasis; words the editors supply (‹sic› after a word kept, ‹link lost›) carry their `class`: `supplied` and which. */
  | { type: 'emphasis'; attributes?: Attributes; content: Inline[] }
  | { type: 'strong'; content: Inline[] }
  /** Text struck through. */
  | { type: 'deleted'; content: Inline[] }
  /** Code in the text. */
  | { type: 'code'; value: string }
  /** A link; `part`: a link to another part of the edition (an editor's note's link to a document). */
  | { type: 'link'; href: string; title?: string; part?: true; content: Inline[] }
  /** A line break. */
  | { type: 'break' }
  /** A task list item's box, ticked or not: the start of its first paragraph. */
  | { type: 'checkbox'; checked: boolean }
  /** A reference to a note. */
  | { type: 'noteRef'; ref: NoteRef }
  /** An occurrence of an index entry: its id is what the index's locators link to. */
  | { type: 'indexMark'; id: string; entry: string }
  /** A change from the witness marked in the text (a piece of one, when index marks split it). */
  | { type: 'change'; mark: ChangeMark; content: Inline[] }
  /** Words in another language (edition.yaml's `scriptLanguages`). */
  | { type: 'language'; lang: string; content: Inline[] }
  /** Text isolated from the direction of the text around it (a bidirectional control the witness has). */
  | { type: 'isolate'; content: Inline[] }
  /** The title of a work, set in italics. */
  | { type: 'title'; content: Inline[] }
  /** Where a document a link leads to is, when this model (a reading packet) does not have it: its number in the full edition. */
  | { type: 'notInPacket'; document: number }

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
