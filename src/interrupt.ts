/**
 * Ctrl-C (SIGINT) and kill (SIGTERM): what is half-made (a staging folder, the browser) is undone at once, then
 * Folio exits 130 or 143 with one line. Work registers its undo for as long as it runs.
 */
const undos = new Set<() => void>()

/** Run `undo` if a signal stops Folio before the returned function is called. */
export function undoOnSignal(undo: () => void): () => void {
  undos.add(undo)
  return () => void undos.delete(undo)
}

const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const

let installed = false

/** Installed by the CLI, once per process. */
export function exitOnSignals(say: (line: string) => void): void {
  if (installed) return
  installed = true
  for (const signal of Object.keys(codes) as (keyof typeof codes)[])
    process.once(signal, () => {
      for (const undo of [...undos].reverse()) {
        try {
          undo()
        } catch {
          // Stopping anyway: an undo that fails must not keep the others from running.
        }
      }
      say(`folio: stopped by ${signal}; what was being made was removed, nothing else changed`)
      process.exit(codes[signal])
    })
}
