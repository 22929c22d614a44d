/**
 * Where the project's own files are: templates/, styles/, the browser scripts under src/, package.json and
 * node_modules/. The project is the folder of the package.json nearest above this module, which is src/paths.ts
 * when run from the sources (tsx, vitest) and a file in build/ when run from the bundle bin/folio.js imports.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { packageDirectorySync } from 'package-directory'

export const project = packageDirectorySync({ cwd: dirname(fileURLToPath(import.meta.url)) })!

export const projectPath = (...parts: string[]): string => join(project, ...parts)
