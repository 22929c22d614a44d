/**
 * Where the project's own files are: templates/, styles/, the browser scripts under src/, package.json and
 * node_modules/. Found from this module, which sits one folder below the project both as src/paths.ts and in the
 * bundle bin/folio.js runs (.folio-js-<digest>/), so no other module counts folders up from itself.
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const project = fileURLToPath(new URL('..', import.meta.url))

export const projectPath = (...parts: string[]): string => join(project, ...parts)
