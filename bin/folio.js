#!/usr/bin/env node
// The CLI as bundled from src/ into build/ by `npm run prepare` (npm ci and npm install run it); src/paths.ts finds
// the project's templates and styles from there. Stack traces name the TypeScript sources through the source maps.
process.setSourceMapsEnabled(true)
const { main } = await import('../build/cli.js')
process.exitCode = await main(process.argv.slice(2))
