/** What a writer (src/render/<format>/index.ts) gets from the build: the model and a place to write. */
import type { Remember } from '../memory.ts'
import type { Edition } from '../edition/edition.ts'
import type { Model } from './model.ts'

export type PageSize = 'a4' | 'letter' | 'a5'

export interface WriteContext {
  edition: Edition
  /** The whole edition. */
  model: Model
  /** The model of a subset of documents (1-based numbers, in the order given): a reading packet. */
  modelFor(documents: number[]): Model
  /** Write an output file, path relative to dist/ (e.g. `html/index.html`). `pages` for paged outputs. */
  write(path: string, data: string | Uint8Array, info?: { pages?: number }): void
  /** An output written earlier in this build or kept from an earlier one (e.g. `pagemap.json`), if any. */
  read(path: string): Buffer | undefined
  /** Sizes of the outputs present so far, for download links. */
  sizeOf(path: string): number | undefined
  /** Absolute path of the staging folder that becomes dist/ when the build succeeds. */
  staging: string
  options: {
    pageSize: PageSize
    /** Set by --documents or --packet: build a reading packet of these documents. */
    packet?: { name: string; title: string; documents: number[] }
  }
  /** Report progress of a long stage (e.g. “laying out pages”). */
  progress(message: string): void
  /** A value made from `input`, or the one the last build made from it (`folio serve` keeps them). */
  remember: Remember
}

export type Writer = (ctx: WriteContext) => Promise<void>
