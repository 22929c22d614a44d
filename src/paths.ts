/**
 * Where the project's own files are: templates/, styles/, the browser scripts under src/, package.json and
 * node_modules/. The project is the nearest folder above this module that holds a package.json: this module is
 * src/paths.ts when run from the sources (tsx, vitest) and a file in build/ when run from the bundle.
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

function packageFolder(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`)
  }
}

export const project = packageFolder(dirname(fileURLToPath(import.meta.url)))

export const projectPath = (...parts: string[]): string => join(project, ...parts)
