/** Positioned, coded diagnostics: every build error names file:line:col, what is wrong and how to fix it. */
import { VFile } from 'vfile'
import { VFileMessage } from 'vfile-message'

/** The error a build stops with: one or more fatal messages on their files. */
export class BuildError extends Error {
  constructor(readonly files: VFile[]) {
    super(files.flatMap((f) => f.messages.map((m) => `${f.path}:${m.line ?? 1}:${m.column ?? 1}  ${m.reason}`)).join('\n'))
  }
}

export interface Place {
  line: number
  column: number
}

/** Stop with a message on `path` at `place`; `hint` says how to fix it. */
export function fail(path: string, place: Place | undefined, message: string, code: string, hint?: string): never {
  const file = new VFile({ path })
  const msg = file.message(hint ? `${message} — ${hint}` : message, place, `folio:${code}`)
  msg.fatal = true
  throw new BuildError([file])
}

/** Turn a message thrown by a plugin or reader into a BuildError; leave other errors alone. */
export function asBuildError(error: unknown, file: VFile): unknown {
  if (error instanceof VFileMessage) {
    if (!file.messages.includes(error)) file.messages.push(error)
    return new BuildError([file])
  }
  return error
}
