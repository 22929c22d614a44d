#!/usr/bin/env node
// Runs Folio's TypeScript sources directly (no compile step) through tsx's loader.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli.ts')
process.exitCode = await main(process.argv.slice(2))
