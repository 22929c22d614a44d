/** The contract between the edition and a reader of one document shape. */
import type { Root } from 'mdast'
import type { VFile } from 'vfile'
import type { z } from 'zod'
import type { ChangeLog } from '../witness/changes.ts'

export interface ReadInput<Options> {
  witness: string
  options: Options
  log: ChangeLog
  /** The witness file: diagnostics are reported on it with a position. */
  file: VFile
  /** The title as given in document.yaml, for shapes whose witness has none. */
  title: string
}

export interface Reader<Schema extends z.ZodType = z.ZodType> {
  /** The shape options accepted under `options:` in document.yaml. */
  options: Schema
  read(input: ReadInput<z.infer<Schema>>): Root
}

/** Report a problem at a witness offset and stop the build. */
export function failAt(input: ReadInput<unknown>, offset: number, message: string, code: string, hint: string): never {
  const { line, column } = input.log.point(offset)
  const error = input.file.message(`${message} — ${hint}`, { line, column }, `folio:${code}`)
  error.fatal = true
  throw error
}
