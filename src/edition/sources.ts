/** Reads sources/: edition.yaml, each document's yaml and witness, with schema errors at their yaml position. */
import { createHash } from 'node:crypto'
import { basename, dirname, join, relative } from 'node:path'
import { CORE_SCHEMA, load } from 'js-yaml'
import { valid } from 'semver'
import { isScalar, LineCounter, parseDocument, visit } from 'yaml'
import { z } from 'zod'
import { fail } from './diagnostics.ts'
import { readRecords, type ReleaseRecord } from './releases.ts'
import { confined, decodeUtf8, pointOf, readSourceBytes, readSourceText, sourceExists } from './source-files.ts'
import { smarten } from './typography.ts'

/** Editorial prose in the yaml files: given the witnesses' typography (curly quotes, dashes) as it is read. */
const prose = z.string().min(1).transform((text) => smarten(text))

const semver = z.string().refine((v) => valid(v) === v, 'a semantic version such as 1.2.0')

export const editionSchema = z
  .object({
    slug: z.string().regex(/^[a-z0-9-]+$/),
    title: prose,
    subtitle: prose.optional(),
    editor: prose,
    publisher: prose,
    language: z.string().min(2),
    /**
     * The language of text in another script (`{ Cyrillic: ru }`: a Unicode script name → a BCP 47 tag), for
     * text not marked otherwise: reading systems hyphenate and speak it by it.
     */
    scriptLanguages: z.record(z.string().regex(/^\p{Lu}\p{Ll}+(_\p{Lu}?\p{Ll}+)*$/u), z.string().min(2)).default({}),
    version: semver,
    date: z.iso.date(),
    rights: prose,
    description: prose,
    /** Where the site (`html/`) is published, as the editors state it: each page names its address by it (canonical, og:url). */
    url: z.url({ protocol: /^https?$/ }).refine((u) => u.endsWith('/'), 'the address of the site’s folder, ending in /').optional(),
    documents: z.array(z.string().regex(/^(?!\.\.?$)[^/\\]+$/, 'a folder name under sources/documents/ (no `/`, no `..`)')).min(1),
    packets: z.record(z.string().regex(/^(?!\.\.?$)[^/\\\u0000-\u001f]+$/, 'a packet name is part of a file name: no `/`, `\\`, `..` or control characters'), z.object({ title: prose, documents: z.array(z.number().int().positive()).min(1) }).strict()).default({}),
    /** Print hyphenation: by language, words the patterns break wrongly, with their only break points as hyphens. */
    hyphenation: z.object({ exceptions: z.record(z.string(), z.array(z.string().regex(/^[\p{L}\p{M}'’-]+$/u, 'a word, its break points marked with hyphens'))) }).strict().optional(),
  })
  .strict()

const anchor = { quote: z.string().min(1), prefix: z.string().optional(), suffix: z.string().optional() }

export const documentSchema = z
  .object({
    title: prose,
    titleSupplied: z.boolean().default(false),
    author: prose,
    /** The people the source names as its makers, each once, for the EPUB's contributor metadata. */
    contributors: z.array(z.object({ name: z.string().min(1), role: z.enum(['author', 'interviewer', 'interviewee']) }).strict()).default([]),
    site: prose,
    genre: prose,
    // `date: 1848` is a YAML number; it means the year, written as it stands.
    date: z.union([prose, z.number().int().nonnegative().transform(String)]),
    witness: z.object({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), origin: z.string().optional() }).strict(),
    shape: z.string(),
    options: z.unknown().default({}),
    emendations: z.array(z.object({ reading: z.string().min(1), emended: z.string(), prefix: z.string().optional(), suffix: z.string().optional(), note: prose }).strict()).default([]),
    /** Source errors the edition keeps (the policy emends only slips that make non-words), each marked ‹sic›. */
    retained: z.array(z.object({ reading: z.string().min(1), prefix: z.string().optional(), suffix: z.string().optional(), note: prose }).strict()).default([]),
    lostLinks: z
      .array(z.union([z.object({ ...anchor, note: prose }).strict(), z.object({ footnote: z.string(), note: prose }).strict()]))
      .default([]),
  })
  .strict()

export type EditionMeta = z.infer<typeof editionSchema>
export type DocumentMeta = z.infer<typeof documentSchema>

export interface SourceDocument {
  /** Position in the edition, from 1. */
  number: number
  /** The folder name, e.g. `01-infrared`. */
  slug: string
  dir: string
  meta: DocumentMeta
  /** Path of document.yaml relative to the project, for diagnostics. */
  metaPath: string
  witnessPath: string
  witness: string
  bytes: number
  sha256: string
  headnote?: string
}

export interface Sources {
  root: string
  edition: EditionMeta
  documents: SourceDocument[]
  /** sha256 over every file the build reads from sources/. */
  hash: string
  /** The versions released so far (sources/releases/), oldest first. */
  releases: ReleaseRecord[]
}

/** Parse a YAML file and check it against a schema; errors point at the offending key. */
/**
 * A YAML file checked against its schema. js-yaml (YAML 1.2 core schema, as `yaml` reads it) parses about five
 * times faster; `yaml`, which keeps every node's position, is used only to point at an error.
 */
export function readYaml<T extends z.ZodType>(path: string, schema: T, cwd = process.cwd(), absent?: z.input<T>, root = dirname(path)): z.infer<T> {
  const shown = relative(cwd, path) || path
  // An optional file (`absent` given) that is not there reads as `absent`.
  if (!sourceExists(path) && absent !== undefined) return schema.parse(absent)
  if (!sourceExists(path)) fail(shown, undefined, 'file is missing', 'F-SOURCE-001', 'create it (see README, “Sources”)')
  const text = readSourceText(path, { root, shown })
  let data: unknown
  try {
    data = load(text, { schema: CORE_SCHEMA, filename: shown })
  } catch (error) {
    const { doc, lines } = located(text)
    const first = doc.errors[0]
    // Where the two parsers disagree, js-yaml's own mark (0-based) and message.
    const mark = (error as { mark?: { line: number; column: number } }).mark
    const at = first ? lines.linePos(first.pos[0]) : { line: (mark?.line ?? 0) + 1, col: (mark?.column ?? 0) + 1 }
    const message = (first?.message ?? (error as Error).message).split('\n')[0]
    fail(shown, { line: at.line, column: at.col }, `YAML syntax error: ${message}`, 'F-YAML-001', 'fix the YAML syntax')
  }
  refuseSharedNodes(data, text, shown)
  data = composedStrings(data, [], text, shown)
  const result = schema.safeParse(data)
  if (!result.success) {
    const issue = result.error.issues[0]!
    const path = issue.path.map(String)
    const at = positionIn(text, issue.path as (string | number)[])
    const key = path.length > 0 ? `\`${path.join('.')}\`` : 'the document'
    // A check with its own code and hint (e.g. a pattern's) gives them in the issue's params.
    const own = issue.code === 'custom' ? (issue.params as { folio?: string; hint?: string } | undefined) : undefined
    fail(shown, at, `${key}: ${describe(issue)}`, own?.folio ?? 'F-YAML-002', own?.hint ?? 'see the schema in README, “Sources”')
  }
  return result.data
}

/**
 * A YAML alias to a list or mapping makes one node stand for many: a dozen nested ones (“billion laughs”) stand for
 * billions, and anything that walks the data (validation, the cache key) runs for minutes. Sources never need them.
 * js-yaml shares the aliased object, so a node met twice is an alias; `yaml` then says where it is.
 */
function refuseSharedNodes(data: unknown, text: string, shown: string) {
  const seen = new Set<object>()
  const shared = (value: unknown): boolean => {
    if (typeof value !== 'object' || value === null) return false
    if (seen.has(value)) return true
    seen.add(value)
    return Object.values(value).some(shared)
  }
  if (!shared(data)) return
  const { doc, lines } = located(text)
  let at = { line: 1, col: 1 }
  let name = ''
  visit(doc, {
    Alias(_, node) {
      const target = node.resolve(doc)
      if (!target || isScalar(target) || !node.range) return undefined
      at = lines.linePos(node.range[0])
      name = node.source
      return visit.BREAK
    },
  })
  fail(shown, { line: at.line, column: at.col }, `the YAML alias \`*${name}\` repeats a list or mapping; sources do not use aliases`, 'F-YAML-003', 'write the value out where it is needed')
}

/**
 * The strings of YAML data in NFC, as the file's text is: an escape (`"e\\u0301"`) can still write a decomposed
 * character, or a control character XML 1.0 forbids, which no output could hold (refused at its key).
 */
function composedStrings(value: unknown, keys: (string | number)[], text: string, shown: string): unknown {
  if (typeof value === 'string') {
    const control = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(value)
    if (control) fail(shown, positionIn(text, keys), `\`${keys.join('.')}\`: the control character U+${control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}, which no output (XML, HTML, PDF) can hold`, 'F-SOURCE-010', 'remove it, or write what it stands for in words')
    return value.normalize('NFC')
  }
  if (Array.isArray(value)) return value.map((v, i) => composedStrings(v, [...keys, i], text, shown))
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, composedStrings(v, [...keys, k], text, shown)]))
  return value
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_key' && issue.issues[0]) return `the key: ${issue.issues[0].message}`
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `\`${k}\``).join(', ')}`
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return `missing required field (${issue.expected} expected)`
  return issue.message
}

/** Line and column of the value at `keys` in a YAML file (or of its closest existing parent). */
export function positionOf(path: string, keys: (string | number)[]): { line: number; column: number } {
  return positionIn(readSourceText(path, { root: dirname(path), shown: path }), keys)
}

function positionIn(text: string, keys: (string | number)[]): { line: number; column: number } {
  const { doc, lines } = located(text)
  for (let n = keys.length; n >= 0; n--) {
    const node = doc.getIn(keys.slice(0, n), true) as { range?: [number, number, number] } | undefined
    if (node && typeof node === 'object' && node.range) {
      const at = lines.linePos(node.range[0])
      return { line: at.line, column: at.col }
    }
  }
  return { line: 1, column: 1 }
}

/** The YAML document with the positions of its nodes and errors. */
function located(text: string) {
  const lines = new LineCounter()
  return { doc: parseDocument(text, { lineCounter: lines, prettyErrors: false }), lines }
}

export function loadSources(root: string, cwd = process.cwd()): Sources {
  const editionPath = join(root, 'edition.yaml')
  const edition = readYaml(editionPath, editionSchema, cwd)
  const shownEdition = relative(cwd, editionPath)
  const hash = createHash('sha256')
  hash.update(readSourceBytes(editionPath, { root, shown: shownEdition }))
  const seen = new Set<string>()
  const documents = edition.documents.map((slug, i): SourceDocument => {
    if (seen.has(slug)) fail(shownEdition, undefined, `document \`${slug}\` is listed twice`, 'F-SOURCE-002', 'list each document folder once')
    seen.add(slug)
    const dir = join(root, 'documents', slug)
    // A folder that is a link leaving sources/ is refused at its line in edition.yaml.
    if (sourceExists(dir)) confined(dir, { root, shown: relative(cwd, dir), from: { file: shownEdition, place: () => positionOf(editionPath, ['documents', i]) } })
    const doc = loadDocument(dir, i + 1, cwd, root)
    for (const part of [readSourceBytes(join(doc.dir, 'document.yaml'), { root, shown: doc.metaPath }), doc.witness, doc.headnote ?? '']) hash.update(part)
    return doc
  })
  for (const [name, packet] of Object.entries(edition.packets))
    for (const [k, n] of packet.documents.entries())
      if (n > documents.length)
        fail(relative(cwd, editionPath), positionOf(editionPath, ['packets', name, 'documents', k]), `packet “${name}” names document ${n}, but the edition has ${documents.length}`, 'F-PACKET-001', 'use document numbers from the `documents` list')
  return { root, edition, documents, hash: hash.digest('hex'), releases: readRecords(root) }
}

/** One document folder: document.yaml, its witness (checked against the recorded sha256), headnote.md. */
export function loadDocument(dir: string, number: number, cwd = process.cwd(), root = dir): SourceDocument {
  const slug = basename(dir)
  const metaPath = join(dir, 'document.yaml')
  const meta = readYaml(metaPath, documentSchema, cwd, undefined, root)
  const witnessPath = join(dir, meta.witness.file)
  const shown = relative(cwd, witnessPath)
  if (!sourceExists(witnessPath)) fail(shown, undefined, 'witness file is missing', 'F-SOURCE-003', `copy the source text to ${shown}`)
  const bytes = readSourceBytes(witnessPath, {
    root,
    shown,
    from: { file: relative(cwd, metaPath), place: () => positionOf(metaPath, ['witness', 'file']) },
    maxBytes: maxWitnessBytes,
    tooLarge: (size) => fail(shown, { line: 1, column: 1 }, `witness is ${(size / 1024 / 1024).toFixed(1)} MB; Folio reads witnesses of at most ${maxWitnessBytes / 1024 / 1024} MB`, 'F-WITNESS-004', 'split the source into several documents'),
  })
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  if (sha256 !== meta.witness.sha256)
    fail(relative(cwd, metaPath), undefined, `witness sha256 is ${sha256}, but document.yaml records ${meta.witness.sha256}`, 'F-SOURCE-004', 'the witness changed: restore it byte for byte, or record the new hash if the change is deliberate')
  const witness = decode(bytes, shown)
  const headnotePath = join(dir, 'headnote.md')
  const headnote = sourceExists(headnotePath) ? readSourceText(headnotePath, { root, shown: relative(cwd, headnotePath) }) : undefined
  return { number, slug, dir, meta, metaPath: relative(cwd, metaPath), witnessPath: shown, witness, bytes: bytes.length, sha256, headnote }
}

/** Witnesses are read whole and mapped character by character; beyond this a build would need gigabytes. */
export const maxWitnessBytes = 8 * 1024 * 1024

/** Witnesses are UTF-8 text: refuse binary or mis-encoded files instead of guessing. */
function decode(bytes: Buffer, path: string): string {
  const text = decodeUtf8(bytes, path, { message: 'witness is not valid UTF-8', code: 'F-WITNESS-002' })
  if (text.trim() === '') fail(path, { line: 1, column: 1 }, bytes.length === 0 ? 'witness is empty' : 'witness holds only white space', 'F-WITNESS-001', 'copy the source text into the file')
  const nul = text.indexOf('\u0000')
  if (nul !== -1) fail(path, pointOf(text, nul), 'witness contains NUL bytes: it looks like a binary file', 'F-WITNESS-003', 'witnesses must be plain text')
  return text
}
