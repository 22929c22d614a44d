/** `folio build`: the edition into a fresh folder, swapped into place only when every output succeeded. */
import { createHash } from 'node:crypto'
import { linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { buildEdition, type Edition } from './edition/edition.ts'
import { BuildError } from './edition/diagnostics.ts'
import { EnvironmentError } from './environment.ts'
import { folioItself, keepFiles, keptFiles, keyOf, makeEachTime, type Remember } from './memory.ts'
import type { EditionMeta } from './edition/sources.ts'
import { defaultSettings, formats, isOutput, type Format } from './formats.ts'
import { renderModel, type Model } from './render/model.ts'
import type { BuildSettings, Download, Output, PageSize, WriteContext } from './render/writer.ts'
import { undoOnSignal } from './interrupt.ts'
import { buildMarker, checkOut, filesOf, recoverLeftovers, stagingFor, swap } from './out-folder.ts'

export interface BuildOptions {
  sources: string
  out: string
  formats: string[]
  pageSize?: PageSize
  packet?: { name: string; title: string; documents: number[] }
  /** Called as each stage ends, with its duration in ms. */
  progress?: (stage: string, ms: number) => void
  /** Values kept from the last build (`folio serve`): unchanged documents and files are not made again. */
  remember?: Remember
  /** One-line notices (leftovers of an interrupted build that were cleaned up). */
  say?: (line: string) => void
}

export interface BuildResult {
  edition: Edition
  outputs: Output[]
  /** What the build left out and why (a file another format needed that could not be made here). */
  warnings: string[]
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const timings: Record<string, number> = {}
  const done = (name: string, start: number) => {
    timings[name] = Math.round(performance.now() - start)
    options.progress?.(name, timings[name]!)
  }
  const timed = <T>(name: string, work: () => T): T => {
    const start = performance.now()
    const result = work()
    done(name, start)
    return result
  }
  const stage = async <T>(name: string, work: () => T | Promise<T>): Promise<T> => {
    const start = performance.now()
    const result = await work()
    done(name, start)
    return result
  }
  const remember = options.remember ?? makeEachTime
  checkOut(options.out, options.sources)
  recoverLeftovers(options.out, options.say ?? (() => {}))
  const warnings: string[] = []
  const edition = buildEdition(options.sources, timed, remember)
  const staging = stagingFor(options.out)
  const undo = () => rmSync(staging, { recursive: true, force: true })
  const forget = undoOnSignal(undo)
  try {
    // Start from the current out folder so that a partial build (one format) keeps the other outputs. Hard links,
    // not copies: `write` replaces a file, never writes into it, so the out folder stays as it was until the swap.
    for (const file of filesOf(options.out)) {
      if (file === buildMarker) continue
      mkdirSync(dirname(join(staging, file)), { recursive: true })
      linkSync(join(options.out, file), join(staging, file))
    }
    const written: string[] = []
    const described = new Map<string, Output>()
    const write = (path: string, data: string | Uint8Array, format: string) => {
      const full = join(staging, path)
      const bytes = typeof data === 'string' ? Buffer.from(data) : data
      // A file that already holds these bytes (a link to the last build's) is kept: under `folio serve` an edit
      // changes few of the files, and reading one is much cheaper than replacing it.
      if (!holds(full, bytes)) {
        mkdirSync(dirname(full), { recursive: true })
        rmSync(full, { force: true })
        writeFileSync(full, bytes)
      }
      written.push(path)
      described.set(path, { format, path, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') })
    }
    const pages = new Map<string, number>()
    // The model every writer but Markdown's and the report's renders from: made once, when first asked for.
    let model: Model | undefined
    const modelOf = () => (model ??= timed('model', () => renderModel(edition, { remember })))
    const settings: BuildSettings = { pageSize: options.pageSize ?? 'a4', packet: options.packet }
    const meta = edition.sources.edition
    const plan = planOf(options.formats, meta, settings)
    // The files a format reads of another's (`needs`), as this build wrote them or took them from an earlier one;
    // those made only for it stay out of dist/.
    const needable = new Set(formats().flatMap((f) => f.needs ?? []))
    const made = new Map<string, Buffer>()
    const keepMade = (path: string, data: string | Uint8Array) => void (needable.has(path) && made.set(path, Buffer.from(data)))
    const outputsSoFar = () => written.map((path) => ({ ...described.get(path)!, ...(pages.has(path) ? { pages: pages.get(path) } : {}) }))
    for (const { format, only } of plan) {
      const ctx: WriteContext = {
        edition,
        get model() {
          return modelOf()
        },
        modelFor: (documents, packet) => renderModel(edition, { documents, packet, remember, whole: modelOf() }),
        write: only
          ? (path, data) => only.has(path) && keepMade(path, data)
          : (path, data, info) => {
              write(path, data, format.name)
              if (info?.pages) pages.set(path, info.pages)
              keepMade(path, data)
            },
        read: (path) => made.get(path),
        downloads: () => downloadsIn(staging, meta),
        only,
        built: outputsSoFar,
        timings,
        staging,
        options: only ? defaultSettings : settings,
        progress: (message) => options.progress?.(`${format.name}: ${message}`, -1),
        perPart: (kind, of, make, ...also) => remember(kind, [of, ...also], () => make(of, ...also)),
      }
      if (only) {
        const key = reuseKey(format.name, only, ctx.model)
        const kept = keptFiles(key, only)
        if (kept) {
          // Named as a stage, so that the build's lines say where the file came from.
          timed(`${format.name} (${[...only].join(', ')} of an earlier build, same model)`, () => kept.forEach((data, path) => made.set(path, data)))
          continue
        }
        try {
          await stage(`${format.name} (${[...only].join(', ')})`, () => format.write(ctx))
        } catch (error) {
          // A format that cannot run here, or cannot take these sources (a document too large for the PDF's layout).
          if (!(error instanceof EnvironmentError || error instanceof BuildError)) throw error
          const readers = plan.filter((p) => !p.only && p.format.needs?.some((n) => only.has(n))).map((p) => p.format.name)
          warnings.push(`${readers.join(', ')} built without ${[...only].join(', ')} (made by ${format.name}, which cannot run here: ${error.message})`)
          continue
        }
        keepFiles(key, new Map([...only].flatMap((path) => (made.has(path) ? [[path, made.get(path)!]] : []))))
      } else {
        await stage(format.name, () => format.write(ctx))
        // What another format may need of it is kept for a build of that format alone.
        const provided = format.outputs(meta, settings).flatMap((o) => (needable.has(o.path) && made.has(o.path) ? [o.path] : []))
        if (provided.length > 0 && !settings.packet && settings.pageSize === defaultSettings.pageSize) keepFiles(reuseKey(format.name, provided, ctx.model), new Map(provided.map((path) => [path, made.get(path)!])))
      }
    }
    // report.json describes the others and is not one of them.
    const outputs = outputsSoFar().filter((o) => o.path !== 'report.json')
    await swap(staging, options.out)
    return { edition, outputs, warnings }
  } catch (error) {
    undo()
    throw error
  } finally {
    forget()
  }
}

/**
 * The formats to run, in the registry's order: those asked for (and those made always), and before them, to make
 * only what those need, a format that makes a needed file this build would not make otherwise.
 */
export function planOf(names: string[], meta: EditionMeta, settings: BuildSettings): Array<{ format: Format; only?: ReadonlySet<string> }> {
  const asked = formats().filter((f) => f.always || names.includes(f.name))
  const made = asked.flatMap((f) => f.outputs(meta, settings))
  const wanted = new Map<Format, Set<string>>()
  for (const f of asked)
    for (const path of f.needs ?? []) {
      if (isOutput(path, made)) continue
      const maker = formats().find((m) => isOutput(path, m.outputs(meta, defaultSettings)))
      if (!maker) throw new Error(`format ${f.name} needs ${path}, which no format makes`)
      wanted.set(maker, (wanted.get(maker) ?? new Set()).add(path))
    }
  return formats().flatMap((format) => [...(wanted.has(format) ? [{ format, only: wanted.get(format) }] : []), ...(asked.includes(format) ? [{ format }] : [])])
}

/**
 * The key of the files `paths` that writer `format` makes from `model`, kept on disk for a build that needs them
 * (the registry's `needs`, e.g. the PDF's page map for the EPUB page-list) and does not make them: it takes them
 * from there, or runs their writer for them alone.
 */
function reuseKey(format: string, paths: Iterable<string>, model: Model): string {
  return keyOf(format, [...paths].sort(), model, folioItself())
}

/** The downloads of every format present in `staging`, in the registry's order, with their sizes. */
function downloadsIn(staging: string, meta: EditionMeta): Download[] {
  return formats().flatMap((f) =>
    f.outputs(meta, defaultSettings).flatMap((o) => {
      const bytes = o.download === undefined ? undefined : statSync(join(staging, o.path), { throwIfNoEntry: false })?.size
      return bytes === undefined ? [] : [{ path: o.path, label: o.download!, bytes }]
    })
  )
}

/** Whether the file at `path` holds exactly `bytes` (one of another size is not read). */
function holds(path: string, bytes: Uint8Array): boolean {
  return statSync(path, { throwIfNoEntry: false })?.size === bytes.length && readFileSync(path).equals(bytes)
}

/** A path as the user would type it: relative below the working folder, absolute elsewhere. */
export function relativeOut(path: string): string {
  const rel = relative(process.cwd(), path)
  return rel === '' || rel.startsWith('..') ? path : rel
}
