/** Build progress on stderr: a live line on a terminal, plain lines elsewhere (CI, pipes); quiet and verbose modes. */
import type { Output } from '../render/writer.ts'

export interface Progress {
  /** A stage ended (ms ≥ 0) or reports what it is doing (ms < 0). */
  stage(name: string, ms: number): void
  summary(documents: number, out: string, outputs: Output[], warnings: number): void
}

export function progress(options: { quiet?: boolean; verbose?: boolean }, stream: NodeJS.WriteStream = process.stderr): Progress {
  const live = stream.isTTY === true && !process.env.CI
  let pending = false
  const line = (text: string) => {
    if (options.quiet) return
    if (pending) stream.write('\r\x1b[K')
    pending = false
    stream.write(text + '\n')
  }
  return {
    stage(name, ms) {
      if (options.quiet) return
      if (ms >= 0) return line(`  ${name.padEnd(10)} ${String(ms).padStart(6)} ms`)
      if (live) {
        stream.write(`\r\x1b[K  … ${name}`)
        pending = true
      } else if (options.verbose) line(`  … ${name}`)
    },
    summary(documents, out, outputs, warnings) {
      const main = options.verbose ? outputs : outputs.filter((o) => !o.path.includes('/') || o.path.startsWith('packets/'))
      line(`built ${documents} documents into ${out}: ${outputs.length} files, ${kib(outputs.reduce((n, o) => n + o.bytes, 0))}, ${warnings} warning${warnings === 1 ? '' : 's'}`)
      for (const o of main) line(`  ${o.path.padEnd(48)} ${kib(o.bytes).padStart(11)}${o.pages ? `  ${o.pages} pages` : ''}`)
      const rest = outputs.length - main.length
      if (rest > 0) line(`  … and ${rest} more (html/, markdown/; --verbose lists them)`)
    },
  }
}

function kib(bytes: number): string {
  return bytes > 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`
}
