/** The `folio` command: argument parsing, progress and exit codes only; the work lives in the modules. */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { resolve } from 'node:path'
import { build, relativeOut } from './build.ts'
import { formats } from './formats.ts'
import { progress } from './cli/progress.ts'
import { BuildError } from './edition/diagnostics.ts'
import { editionSchema, readYaml } from './edition/sources.ts'
import { serveCommand } from './cli/serve.ts'
import { addCommand } from './cli/add.ts'
import { initCommand } from './cli/init.ts'
import { EnvironmentError } from './environment.ts'
import { buildEdition } from './edition/edition.ts'
import { writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { asFileError, FileError } from './file-errors.ts'
import { exitOnSignals } from './interrupt.ts'

/** Exit codes: 0 ok · 1 errors in the sources or outputs · 2 usage · 3 environment missing. */
export const exit = { ok: 0, errors: 1, usage: 2, environment: 3 } as const

export { EnvironmentError }

class UsageError extends Error {}

interface Command {
  summary: string
  usage: string
  options: NonNullable<ParseArgsConfig['options']>
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number>
}

const common = {
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const

const commands: Record<string, Command> = {
  build: {
    summary: 'build the edition into dist/ (HTML, EPUB, PDF, Markdown, report.json)',
    get usage() {
      return `folio build [--format ${formatNames().join(',')}] [--documents 2,3 | --packet NAME] [--page-size a4|letter|a5] [--out DIR] [--sources DIR]\n\nFormats (all unless --format):\n${formatList()}`
    },
    options: {
      ...common,
      format: { type: 'string' },
      out: { type: 'string' },
      sources: { type: 'string' },
      documents: { type: 'string' },
      packet: { type: 'string' },
      'page-size': { type: 'string' },
    },
    async run(values) {
      const pageSize = String(values['page-size'] ?? 'a4')
      if (!['a4', 'letter', 'a5'].includes(pageSize)) throw new UsageError(`unknown page size “${pageSize}” (a4, letter or a5)`)
      const formats = formatsOf(values)
      const out = resolve(String(values.out ?? 'dist'))
      const show = progress(values)
      const result = await build({
        sources: resolve(String(values.sources ?? 'sources')),
        out,
        formats,
        pageSize: pageSize as 'a4' | 'letter' | 'a5',
        packet: packetOf(values, resolve(String(values.sources ?? 'sources'))),
        progress: show.stage,
        say: (line) => process.stderr.write(line + '\n'),
      })
      show.summary(result.edition.documents.length, relativeOut(out), result.outputs, result.warnings.length)
      for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`)
      return exit.ok
    },
  },
  serve: serveCommand,
  init: initCommand,
  add: addCommand,
}

/** The formats one can ask for (report.json is made always). */
const formatNames = () => formats().filter((f) => !f.always).map((f) => f.name)

function formatList(): string {
  const width = Math.max(...formats().map((f) => f.name.length))
  return formats().map((f) => `  ${f.name.padEnd(width)}  ${f.summary}`).join('\n')
}

/** --format a,b (each a registered format), or all of them. */
function formatsOf(values: Record<string, string | boolean | undefined>): string[] {
  if (!values.format) return formatNames()
  const asked = String(values.format).split(',').map((f) => f.trim())
  const unknown = asked.filter((f) => !formats().some((known) => known.name === f))
  if (unknown.length > 0) throw new UsageError(`unknown format ${unknown.join(', ')} (known: ${formatNames().join(', ')})`)
  return asked
}

/** --documents 2,3 (an ad-hoc packet) or --packet NAME (one declared in edition.yaml). */
function packetOf(values: Record<string, string | boolean | undefined>, sources: string) {
  if (values.documents && values.packet) throw new UsageError('give either --documents or --packet, not both')
  const edition = values.documents || values.packet ? readYaml(resolve(sources, 'edition.yaml'), editionSchema) : undefined
  if (values.documents) {
    const documents = String(values.documents).split(',').map((n) => Number(n.trim()))
    for (const n of documents)
      if (!Number.isInteger(n) || n < 1 || n > edition!.documents.length) throw new UsageError(`--documents: “${n}” is not a document number (1–${edition!.documents.length})`)
    return { name: `documents-${documents.join('-')}`, title: `Reading packet: documents ${documents.join(', ')}`, documents }
  }
  if (values.packet) {
    const name = String(values.packet)
    const packet = edition!.packets[name]
    if (!packet) throw new UsageError(`no packet “${name}” in edition.yaml (declared: ${Object.keys(edition!.packets).join(', ') || 'none'})`)
    return { name, ...packet }
  }
  return undefined
}

const indexCommand: Command = {
  summary: 'index tools: `folio index suggest` lists capitalised names the index neither marks nor excludes, and common nouns mentioned 3 times or more that no headword covers',
  usage: 'folio index suggest [--sources DIR]',
  options: { ...common, sources: { type: 'string' } },
  async run(values, positionals) {
    if (positionals[0] !== 'suggest') throw new UsageError('usage: folio index suggest [--sources DIR]')
    const edition = buildEdition(resolve(String(values.sources ?? 'sources')))
    const { uncoveredNames, uncoveredNouns } = await import('./edition/name-candidates.ts')
    const names = uncoveredNames(edition.documents, edition.index)
    for (const c of names) process.stdout.write(`${String(c.count).padStart(4)}  ${c.name}  (first at ${c.first})\n`)
    process.stderr.write(names.length === 0 ? 'every capitalised name is indexed or excluded\n' : `${names.length} names to index or exclude in sources/index.yaml\n`)
    const nouns = uncoveredNouns(edition.documents, edition.index)
    if (nouns.length > 0) process.stdout.write('\ncommon nouns no headword covers (3 mentions or more): subjects to index, or to leave out\n')
    for (const c of nouns) process.stdout.write(`${String(c.count).padStart(4)}  ${c.name}  (first at ${c.first})\n`)
    process.stderr.write(`${nouns.length} common nouns with 3 or more mentions that no headword covers\n`)
    return exit.ok
  },
}
commands.index = indexCommand

const archiveOption = { archive: { type: 'string' } } as const
/** The release archive: editions/ beside the sources by default, never inside a build folder. */
const archiveOf = (values: Record<string, string | boolean | undefined>) =>
  values.archive ? resolve(String(values.archive)) : resolve(String(values.sources ?? 'sources'), '..', 'editions')

commands.check = {
  summary: 'run every available validator on dist/ (EPUBCheck, epubcheck-ts, Ace, Nu HTML Checker, qpdf, pdffonts, links, fidelity)',
  usage: 'folio check [--dist DIR] [--sources DIR]',
  options: { ...common, dist: { type: 'string' }, sources: { type: 'string' } },
  async run(values) {
    const { checkDist, table } = await import('./cli/check.ts')
    const results = await checkDist(resolve(String(values.dist ?? 'dist')), resolve(String(values.sources ?? 'sources')))
    process.stdout.write(table(results))
    return results.some((r) => r.problems.length > 0) ? exit.errors : exit.ok
  },
}

commands.release = {
  summary: 'add this version of the edition to the append-only archive (manifest, catalog, OPDS, changelog)',
  get usage() {
      return `folio release [--version X.Y.Z] [--archive DIR] [--notes TEXT] [--format ${formatNames().join(',')}] [--sources DIR]`
    },
  options: { ...common, ...archiveOption, version: { type: 'string' }, notes: { type: 'string' }, format: { type: 'string' }, sources: { type: 'string' } },
  async run(values) {
    const sources = resolve(String(values.sources ?? 'sources'))
    const declared = readYaml(resolve(sources, 'edition.yaml'), editionSchema).version
    if (values.version && values.version !== declared)
      throw new UsageError(`--version ${values.version} differs from version ${declared} in edition.yaml: set the version there (it is part of the edition)`)
    const formats = formatsOf(values)
    const say = values.quiet ? () => {} : (line: string) => process.stderr.write(line + '\n')
    const { release } = await import('./release/release.ts')
    await release({ sources, archive: archiveOf(values), formats, notes: values.notes as string | undefined, changelog: resolve(sources, '..', 'CHANGELOG.md'), say })
    return exit.ok
  },
}

commands.verify = {
  summary: 'check a released version: its archived files against its manifest, the manifest against the committed record, a rebuild against both',
  usage: 'folio verify VERSION [--archive DIR] [--sources DIR]',
  options: { ...common, ...archiveOption, sources: { type: 'string' } },
  async run(values, positionals) {
    const version = positionals[0]
    if (!version || positionals.length > 1) throw new UsageError('usage: folio verify VERSION [--archive DIR] [--sources DIR]')
    const { archivedVersions, isVersion, verify } = await import('./release/verify.ts')
    const archive = archiveOf(values)
    if (!isVersion(version)) throw new UsageError(`“${version}” is not a version: \`folio verify\` takes a version of the archive (${archivedVersions(archive).join(', ') || 'none yet'}), never a path`)
    const result = await verify(archive, version, resolve(String(values.sources ?? 'sources')))
    if (!result) throw new UsageError(`version ${version} is not in the archive ${relativeOut(archive)} (${archivedVersions(archive).join(', ') || 'empty'})`)
    for (const m of result.mismatches) process.stderr.write(`${m.path}  ${m.problem}  [${m.code}]\n`)
    process.stderr.write(
      result.mismatches.length === 0
        ? `${version}: ${result.record.outputs.length} archived files match the manifest, the manifest matches the committed record, and all were rebuilt byte for byte\n`
        : `${version}: ${result.mismatches.length} differences\n`,
    )
    return result.mismatches.length === 0 ? exit.ok : exit.errors
  },
}

commands.diff = {
  summary: 'paragraph-level changes between two released versions (text here, HTML in the archive)',
  usage: 'folio diff A B [--archive DIR]',
  options: { ...common, ...archiveOption, sources: { type: 'string' } },
  async run(values, positionals) {
    const [a, b] = positionals
    if (!a || !b) throw new UsageError('usage: folio diff A B [--archive DIR]')
    const { archivedRecords } = await import('./release/catalog.ts')
    const { diffHtml, diffRecords, diffText } = await import('./release/diff.ts')
    const records = new Map(archivedRecords(archiveOf(values)).map((r) => [r.version, r]))
    for (const v of [a, b]) if (!records.has(v)) throw new UsageError(`version ${v} is not in the archive (${[...records.keys()].join(', ') || 'empty'})`)
    const d = diffRecords(records.get(a)!, records.get(b)!)
    process.stdout.write(diffText(d, process.stdout.isTTY))
    writeFileSync(resolve(archiveOf(values), `diff-${a}-${b}.html`), diffHtml(d))
    return exit.ok
  },
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  exitOnSignals((line) => process.stderr.write(line + '\n'))
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      process.stdout.write(help())
      return name === undefined ? exit.usage : exit.ok
    }
    const command = commands[name]
    if (!command) throw new UsageError(`unknown command “${name}”${suggest(name, Object.keys(commands))}`)
    let parsed
    try {
      parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true })
    } catch (error) {
      const flag = /'(-{1,2}[^']+)'/.exec(String((error as Error).message))?.[1]
      const names = Object.keys(command.options).map((o) => `--${o}`)
      if (!flag) throw new UsageError((error as Error).message)
      throw new UsageError(`unknown option ${flag} for \`folio ${name}\`${suggest(flag.split('=')[0]!, names)}`)
    }
    if (parsed.values.help) {
      process.stdout.write(`${command.usage}\n\n${command.summary}\n`)
      return exit.ok
    }
    return await command.run(parsed.values as Record<string, string | boolean | undefined>, parsed.positionals)
  } catch (error) {
    return report(error)
  }
}

function report(thrown: unknown): number {
  const error = asFileError(thrown)
  if (error instanceof FileError) {
    process.stderr.write(`${error.message}\n`)
    return exit.errors
  }
  if (error instanceof BuildError) {
    for (const file of error.files)
      for (const m of file.messages) {
        const code = m.ruleId ?? 'F-UNKNOWN'
        process.stderr.write(`${file.path}:${m.line ?? 1}:${m.column ?? 1}  ${m.reason}  [${code}]\n`)
      }
    return exit.errors
  }
  if (error instanceof UsageError) {
    process.stderr.write(`folio: ${error.message}\nRun \`folio --help\` for usage.\n`)
    return exit.usage
  }
  if (error instanceof EnvironmentError) {
    process.stderr.write(`folio: ${error.message}\n`)
    return exit.environment
  }
  throw error
}

function help(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length))
  return [
    'folio — build an annotated documentary edition from verbatim witnesses',
    '',
    'Usage: folio <command> [options]   (folio <command> --help for its options)',
    '',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Exit codes: 0 ok · 1 errors in the sources or outputs · 2 usage · 3 environment missing',
    '',
  ].join('\n')
}

/** “ — did you mean X?” for the closest known name, by edit distance. */
function suggest(given: string, known: string[]): string {
  const scored = known.map((k) => ({ k, d: distance(given, k) })).sort((a, b) => a.d - b.d)
  const best = scored[0]
  return best && best.d <= Math.max(2, Math.floor(best.k.length / 3)) ? ` — did you mean ${best.k}?` : ''
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = cur
    }
  }
  return row[b.length]!
}

// `npm run dev -- <command>` runs this file itself with tsx, from the sources as they are; bin/folio.js imports main.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main(process.argv.slice(2))
