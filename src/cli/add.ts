/**
 * `folio add WITNESS --shape …`: a new document folder with the witness copied byte for byte, its sha256 recorded in
 * a document.yaml that lists the shape's options (commented), and the folder appended to edition.yaml's documents.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, extname, join, relative, resolve } from 'node:path'
import { isSeq, parseDocument, type Node as YamlNode } from 'yaml'
import { readers } from '../import/index.ts'

/** Each shape's options, as comments to uncomment (see README, “Sources”, shape options). */
const shapeOptions: Record<string, string[]> = {
  essay: [
    'notesHeading: Notes            # the heading over the endnotes',
    'quoteAfterColon: true          # a paragraph after one ending with a colon is a block quotation',
    'maxHeadingWords: 12            # a line of at most this many words, without closing punctuation, is a subheading',
    'comments: 0                    # how many trailing lines are reader comments, one each',
    'commentsHeading: Reader comments',
  ],
  wiki: [
    'chrome:                        # lines of web page furniture to remove, each with its reason',
    '  - { line: "From ExampleWiki", reason: site tagline }',
    'editLinks: "[edit | edit source]"',
    'infobox: { keys: [Founded] }   # the infobox lines, by their keys',
    'headingLevels: { "Official Links": 3 }',
    'referencesHeading: References',
  ],
  interview: [
    'bylineLang: en                 # the language of the byline, when it differs',
    'preface: { startsWith: "Editor\'s note" }',
    'credit: { startsWith: "Interviewed by" }',
    'unmarkedTurns:                 # turns the source does not mark, and whose they are',
    '  - { startsWith: "The first words of the turn", speaker: interviewer }',
    "sectionPattern: '^[IVXLC]+\\.\\s+\\S'",
  ],
  forum: [
    'chrome:                        # lines of web page furniture to remove, each with its reason',
    '  - { line: "back to", reason: navigation link }',
    'captions:                      # image credits left without their image',
    '  - { line: "Image via", reason: orphaned image credit }',
    'excerpt: { startsWith: "The first words of a quoted excerpt", source: "who it quotes" }',
    'reply: { startsWith: "The first words of the reply", heading: Reply by a forum user }',
  ],
}

const slugOf = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 48)
    .replace(/-$/, '')

const quoted = (text: string) => JSON.stringify(text)

export const addCommand = {
  summary: 'add a document: copy a witness byte for byte into sources/documents/ and list it in edition.yaml',
  usage: `folio add WITNESS --shape ${Object.keys(readers).join('|')} [--title TEXT] [--sources DIR]`,
  options: { help: { type: 'boolean', short: 'h' }, shape: { type: 'string' }, title: { type: 'string' }, sources: { type: 'string' } } as const,
  async run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number> {
    const usage = (message: string) => {
      process.stderr.write(`folio: ${message}\nRun \`folio add --help\` for usage.\n`)
      return 2
    }
    const [witnessArg] = positionals
    if (!witnessArg || positionals.length > 1) return usage(`usage: ${addCommand.usage}`)
    const shape = values.shape === undefined ? undefined : String(values.shape)
    if (!shape || !(shape in readers)) return usage(`--shape: give one of ${Object.keys(readers).join(', ')}`)
    const witnessPath = resolve(witnessArg)
    if (!existsSync(witnessPath)) return usage(`no such witness file: ${witnessArg}`)
    const sources = resolve(String(values.sources ?? 'sources'))
    const editionPath = join(sources, 'edition.yaml')
    if (!existsSync(editionPath)) return usage(`${relative(process.cwd(), editionPath)} is missing: run \`folio init\` first`)

    const bytes = readFileSync(witnessPath)
    const firstLine = bytes.toString('utf8').split('\n').map((l) => l.trim()).find((l) => l !== '')
    const title = values.title !== undefined ? String(values.title) : (firstLine ?? basename(witnessPath, extname(witnessPath)))
    const edition = parseDocument(readFileSync(editionPath, 'utf8'))
    const list = edition.get('documents', true)
    const documents = isSeq(list) ? list.items.map(String) : []
    const folder = `${String(documents.length + 1).padStart(2, '0')}-${slugOf(title) || slugOf(basename(witnessPath, extname(witnessPath))) || 'document'}`
    const dir = join(sources, 'documents', folder)
    if (existsSync(dir)) return usage(`${relative(process.cwd(), dir)} exists already`)

    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'witness.txt'), bytes)
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    writeFileSync(
      join(dir, 'document.yaml'),
      [
        `# The document's metadata, as the source states it: write "not stated in the source" where it does not.`,
        `title: ${quoted(title)}${values.title === undefined ? '   # the witness\'s first line: check it' : ''}`,
        `# titleSupplied: true          # when the editors supplied the title`,
        `author: not stated in the source`,
        `site: not stated in the source`,
        `genre: ${shape}`,
        `date: not stated in the source`,
        `witness:`,
        `  file: witness.txt`,
        `  # The sha256 of witness.txt as copied from ${quoted(basename(witnessPath))}: the build refuses a witness that changed.`,
        `  sha256: ${sha256}`,
        `shape: ${shape}`,
        `# The ${shape} reader's options (uncomment what the source needs):`,
        `# options:`,
        ...shapeOptions[shape]!.map((line) => `#   ${line}`),
        `# Evident typographical errors emended, each with its reason:`,
        `# emendations:`,
        `#   - { reading: "teh", emended: "the", note: "evident misprint" }`,
        '',
      ].join('\n')
    )
    writeFileSync(editionPath, appendDocument(readFileSync(editionPath, 'utf8'), list, folder))
    const shown = relative(process.cwd(), dir)
    process.stdout.write(`added ${shown}/ (witness.txt, sha256 ${sha256.slice(0, 12)}…, shape ${shape}) as document ${documents.length + 1} in ${relative(process.cwd(), editionPath)}\nNext: fill in ${shown}/document.yaml (author, site, date), then folio build\n`)
    return 0
  },
}

/** edition.yaml with `folder` appended to its documents, written into the text so its comments and layout stay. */
function appendDocument(text: string, list: unknown, folder: string): string {
  if (!isSeq(list) || list.items.length === 0 || !list.range) return `${text.replace(/\n*$/, '\n')}documents:\n  - ${folder}\n`
  if (list.flow) {
    const close = text.lastIndexOf(']', list.range[1])
    return `${text.slice(0, close)}, ${folder}${text.slice(close)}`
  }
  const last = list.items.at(-1) as YamlNode
  const end = text.indexOf('\n', last.range![1] - 1)
  const lineStart = text.lastIndexOf('\n', last.range![0]) + 1
  const indent = /^\s*/.exec(text.slice(lineStart))![0]
  const at = end === -1 ? text.length : end + 1
  return `${text.slice(0, at)}${end === -1 ? '\n' : ''}${indent}- ${folder}\n${text.slice(at)}`
}
