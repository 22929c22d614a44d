#!/usr/bin/env node
// The CLI as bundled from src/ into build/ by `npm run prepare` (npm ci and npm install run it); src/paths.ts finds
// the project's templates and styles from there. Stack traces name the TypeScript sources through the source maps.
process.setSourceMapsEnabled(true)
const cli = await import('../build/cli.js').catch((error) => {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('build/cli.js')) throw error
  process.stderr.write('folio: the CLI is not built yet: run `npm ci` (or `npm run prepare`) in the project folder\n')
  process.exit(3)
})
process.exitCode = await cli.main(process.argv.slice(2))
