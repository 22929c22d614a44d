/** `folio serve`: the HTML edition on 127.0.0.1, rebuilt when sources, templates or styles change, and reloaded in the browser. */
import { createReadStream, existsSync, statSync, watch, type FSWatcher } from 'node:fs'
import { createServer, type ServerResponse } from 'node:http'
import { extname, join, resolve, sep } from 'node:path'
import type { ParseArgsConfig } from 'node:util'
import { build } from '../build.ts'
import { BuildError } from '../edition/diagnostics.ts'
import { buildMemory } from '../memory.ts'
import { project } from '../paths.ts'

/** What a designer edits, beside the sources: a change here rebuilds too. */
const designFolders = ['templates', 'styles'].map((f) => join(project, f))
const reloadPath = '/__reload'
/** Only pages served by `folio serve` get this; the built files never contain it. */
const reloadScript = `<script>new EventSource('${reloadPath}').onmessage = () => location.reload()</script>`
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.epub': 'application/epub+zip',
  '.pdf': 'application/pdf',
  '.md': 'text/markdown; charset=utf-8',
}

const options = {
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
  port: { type: 'string', short: 'p' },
  out: { type: 'string' },
  sources: { type: 'string' },
} satisfies NonNullable<ParseArgsConfig['options']>

export const serveCommand = {
  summary: 'preview the HTML edition on 127.0.0.1, rebuilt and reloaded when sources, templates or styles change',
  usage: 'folio serve [--port 8080 (0 picks a free one)] [--sources DIR] [--out DIR]',
  options,
  async run(values: Record<string, string | boolean | undefined>): Promise<number> {
    const port = Number(values.port ?? 8080)
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      process.stderr.write(`folio: --port: “${values.port}” is not a port number (0–65535)\nRun \`folio serve --help\` for usage.\n`)
      return 2
    }
    const sources = resolve(String(values.sources ?? 'sources'))
    const out = resolve(String(values.out ?? 'dist'))
    const say = values.quiet ? () => {} : (line: string) => process.stderr.write(line + '\n')
    const clients = new Set<ServerResponse>()
    const rebuild = rebuilder(sources, out, say, () => {
      for (const client of clients) client.write('data: reload\n\n')
    })
    // Watching from before the first build, so that a change made while it runs is built too.
    const watchers = [sources, ...designFolders].filter((d) => existsSync(d)).map((dir) => watch(dir, { recursive: true }, () => rebuild.soon()))
    await rebuild().catch((error: unknown) => {
      watchers.forEach((w) => w.close())
      throw error
    })

    const server = createServer((request, response) => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
      if (path === reloadPath) {
        response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
        response.write(': connected\n\n')
        clients.add(response)
        request.on('close', () => clients.delete(response))
        return
      }
      if (path === '/') return void response.writeHead(302, { location: '/html/' }).end()
      send(out, path, response)
    })
    await new Promise<void>((ready) => server.listen(port, '127.0.0.1', ready))
    const address = server.address()
    process.stdout.write(`serving http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/html/\n`)
    await new Promise<void>((done) => {
      const stop = () => {
        watchers.forEach((w: FSWatcher) => w.close())
        for (const client of clients) client.end()
        server.close(() => done())
      }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
    return 0
  },
}

/** An editor's save comes as a burst of file events within a few milliseconds: build once, after the burst. */
const settle = 25

/** A build of the HTML that runs now or, called through `soon`, once changes have settled; never two at once. */
function rebuilder(sources: string, out: string, say: (line: string) => void, built: () => void) {
  const memory = buildMemory()
  let running: Promise<void> | undefined
  let again = false
  let timer: NodeJS.Timeout | undefined
  const run = async (): Promise<void> => {
    if (running) return void (again = true)
    const start = performance.now()
    running = build({ sources, out, formats: ['html'], remember: memory.next() })
      .then(() => {
        say(`rebuilt the HTML in ${Math.round(performance.now() - start)} ms`)
        built()
      })
      .catch((error: unknown) => {
        if (!(error instanceof BuildError)) throw error
        for (const file of error.files) for (const m of file.messages) say(`${file.path}:${m.line ?? 1}:${m.column ?? 1}  ${m.reason}  [${m.ruleId ?? 'F-UNKNOWN'}]`)
        say('the build failed; still serving the last good one')
      })
      .finally(() => (running = undefined))
    await running
    if (again) {
      again = false
      await run()
    }
  }
  return Object.assign(run, {
    soon() {
      clearTimeout(timer)
      timer = setTimeout(() => void run(), settle)
    },
  })
}

/** A file under `root`; HTML pages get the reload script. Nothing outside `root` is served. */
function send(root: string, path: string, response: ServerResponse) {
  let file = resolve(root, `.${path}`)
  if (file !== root && !file.startsWith(root + sep)) return void response.writeHead(403).end()
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html')
  if (!existsSync(file)) return void response.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
  const type = types[extname(file)] ?? 'application/octet-stream'
  response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' })
  if (extname(file) !== '.html') return void createReadStream(file).pipe(response)
  const chunks: Buffer[] = []
  createReadStream(file)
    .on('data', (c) => chunks.push(c as Buffer))
    .on('end', () => response.end(Buffer.concat(chunks).toString('utf8').replace('</body>', `${reloadScript}\n</body>`)))
}
