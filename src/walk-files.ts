/** Every file below a folder, in sorted order, as paths relative to it. */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

export function walkFiles(root: string): string[] {
  const out: string[] = []
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path, `${prefix}${name}/`)
      else out.push(`${prefix}${name}`)
    }
  }
  if (existsSync(root)) walk(root, '')
  return out
}
