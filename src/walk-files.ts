/** Every regular file below a folder, in sorted order, as paths relative to it; symbolic links are never followed. */
import { lstatSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

export function walkFiles(root: string): string[] {
  const out: string[] = []
  const walk = (dir: string, prefix: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`)
      else if (entry.isFile()) out.push(`${prefix}${entry.name}`)
    }
  }
  if (lstatSync(root, { throwIfNoEntry: false })?.isDirectory()) walk(root, '')
  return out
}
