/** What a writer (src/render/<format>/index.ts) gets from the build: the model and a place to write. */
import type { Edition } from '../edition/edition.ts'
import type { Model } from './model.ts'

export type PageSize = 'a4' | 'letter' | 'a5'

/** What a build is asked to make beside its formats: page size and reading packet. */
export interface BuildSettings {
  pageSize: PageSize
  /** Set by --documents or --packet: build a reading packet of these documents. */
  packet?: { name: string; title: string; documents: number[] }
}

/** A file the build wrote (report.json lists them). */
export interface Output {
  format: string
  path: string
  bytes: number
  sha256: string
  pages?: number
}

/** A file of the build the HTML site offers for download. */
export interface Download {
  /** Relative to dist/, e.g. `infrared.epub`. */
  path: string
  label: string
  bytes: number
}

export interface WriteContext {
  edition: Edition
  /** The whole edition (made when a writer first asks for it). */
  model: Model
  /** The model of a subset of documents (1-based numbers, in the order given): a reading packet, and its title. */
  modelFor(documents: number[], packet?: { title: string }): Model
  /** Write an output file, path relative to dist/ (e.g. `html/index.html`). `pages` for paged outputs. */
  write(path: string, data: string | Uint8Array, info?: { pages?: number }): void
  /** An output written earlier in this build (e.g. `pagemap.json`, which the registry's `needs` has made), if any. */
  read(path: string): Buffer | undefined
  /** The downloads (the registry's, of every format) present so far, with their sizes. */
  downloads(): Download[]
  /**
   * Set when the writer runs only to make these outputs for another format (`needs`): it may skip the rest, and
   * what else it writes is dropped.
   */
  only?: ReadonlySet<string>
  /** The outputs written so far in this build, and the stages' timings (for report.json). */
  built(): Output[]
  timings: Readonly<Record<string, number>>
  /** Absolute path of the staging folder that becomes dist/ when the build succeeds. */
  staging: string
  options: BuildSettings
  /** Report progress of a long stage (e.g. “laying out pages”). */
  progress(message: string): void
  /**
   * What the writer makes of one part, `make(of, ...also)`, kept between builds (`folio serve`): `of` is the part or
   * the piece of it the output is made from (the site's page text leaves out the headnote), `also` what else it reads
   * (the model's `partOf`, for links between pages). The key is `keyOf` these inputs, which `make` gets from here:
   * it reads nothing else, and so the key cannot leave out what it reads.
   */
  perPart<P extends object, A extends unknown[], T>(kind: string, of: P, make: (of: P, ...also: A) => T, ...also: A): T
}
