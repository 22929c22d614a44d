/** `folio serve`: the HTML edition on 127.0.0.1, rebuilt when sources, templates or styles change, and reloaded in the browser. */
import { createReadStream, existsSync, lstatSync, readdirSync, rmSync, statSync, watch, type FSWatcher } from 'node:fs'
import { createServer, type ServerResponse } from 'node:http'
import { extname, join, resolve, sep } from 'node:path'
import type { ParseArgsConfig } from 'node:util'
import { build } from '../build.ts'
import { BuildError } from '../edition/diagnostics.ts'
import { asFileError } from '../file-errors.ts'
import { undoOnSignal } from '../interrupt.ts'
import { buildMemory } from '../memory.ts'
import { isRecordFile, recordsFolder } from '../edition/releases.ts'
import { processFolder } from '../out-folder.ts'
import { project } from '../paths.ts'

/** What a designer edits, beside the sources: a change here rebuilds too. */
const designFolders = ['templates', 'styles'].map((f) => join(project, f))
const reloadPath = '/__reload'
/** Only pages served by `folio serve` get this; the built files never contain it. */
// Served as files of their own: the pages' Content-Security-Policy allows scripts and styles of the site's origin only.
const reloadAsset = '/__reload.js'
const overlayAsset = '/__overlay.css'
const assets: Record<string, { type: string; body: string }> = {
  [reloadAsset]: { type: 'text/javascript; charset=utf-8', body: `new EventSource('${reloadPath}').onmessage = () => location.reload()\n` },
  [overlayAsset]: {
    type: 'text/css; charset=utf-8',
    body: '.folio-serve-failure{position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;z-index:2147483647;margin:0;padding:1rem 1.25rem;background:#fff4f4;color:#5c0000;border-top:3px solid #b00020;font:14px/1.45 ui-monospace,monospace;white-space:pre-wrap}\n',
  },
}
const reloadScript = `<link rel="stylesheet" href="${overlayAsset}"><script src="${reloadAsset}"></script>`
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
  usage: 'folio serve [--port 8080 (0 picks a free one)] [--sources DIR] [--out DIR (default: a folder of its own, removed when it stops)]',
  options,
  async run(values: Record<string, string | boolean | undefined>): Promise<number> {
    const port = Number(values.port ?? 8080)
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      process.stderr.write(`folio: --port: “${values.port}” is not a port number (0–65535)\nRun \`folio serve --help\` for usage.\n`)
      return 2
    }
    const sources = resolve(String(values.sources ?? 'sources'))
    // A folder of its own (removed when serve stops), so that no `folio build` of dist/ changes what it shows.
    const own = values.out === undefined ? processFolder('serve') : undefined
    const out = own ?? resolve(String(values.out))
    if (own) undoOnSignal(() => rmSync(own, { recursive: true, force: true }))
    const say = values.quiet ? () => {} : (line: string) => process.stderr.write(line + '\n')
    const clients = new Set<ServerResponse>()
    const watched = [sources, ...designFolders].filter((d) => existsSync(d))
    const rebuild = rebuilder(sources, out, watched, say, () => {
      for (const client of clients) client.write('data: reload\n\n')
    })
    // Watching from before the first build, so that a change made while it runs is built too.
    const watchers = watched.map((dir) => watch(dir, { recursive: true }, (_, name) => (name === null || readByBuild(sources, join(dir, name))) && rebuild.soon()))
    await rebuild()
    // Node 20's recursive watcher on Linux can miss an event (a file replaced by a folder): a slow look at the
    // folders' stat signature finds what it missed.
    const poll = setInterval(() => rebuild.ifChanged(), pollEvery)

    const server = createServer((request, response) => {
      let path: string
      try {
        path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
      } catch {
        return void response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('bad request: the URL is not well-formed\n')
      }
      if (path.includes('\0')) return void response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('bad request\n')
      if (path === reloadPath) {
        response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
        response.write(': connected\n\n')
        clients.add(response)
        request.on('close', () => clients.delete(response))
        return
      }
      const asset = assets[path]
      if (asset) return void response.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-store' }).end(asset.body)
      if (path === '/') return void response.writeHead(302, { location: '/html/' }).end()
      try {
        send(out, path, response, rebuild.failure())
      } catch (error) {
        say(`folio serve: ${path}: ${(error as Error).message}`)
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
        response.end('could not read this file\n')
      }
    })
    await new Promise<void>((ready) => server.listen(port, '127.0.0.1', ready))
    const address = server.address()
    process.stdout.write(`serving http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/html/\n`)
    // Serve runs until a signal: interrupt.ts then removes its own folder and exits 130 / 143.
    await new Promise<void>((done) => server.on('close', done))
    watchers.forEach((w: FSWatcher) => w.close())
    clearInterval(poll)
    return 0
  },
}

/** An editor's save comes as a burst of file events within a few milliseconds: build once, after the burst. */
const settle = 25
/** How often the watched folders' signature is looked at, for a change the watcher did not report (ms). */
const pollEvery = 1000

/**
 * Whether a change at `path` (absolute) can change the build: anything in the watched folders but, in
 * sources/releases/, what is not a release record. The edition reads the records there (the previous release's block
 * ids and numbers, which the new version keeps) and nothing else of the folder, where an archive may grow large.
 */
export function readByBuild(sources: string, path: string): boolean {
  const releases = recordsFolder(sources)
  if (!path.startsWith(releases + sep)) return true
  const inside = path.slice(releases.length + 1)
  return !inside.includes(sep) && isRecordFile(inside)
}

/**
 * What stat says of every entry below `folders` that the build reads (`readByBuild`: path, kind, size, modification
 * time, inode; a folder's path and inode), symbolic links not followed: any edit, addition, removal or replacement of
 * such a file or folder changes it.
 */
export function statSignature(sources: string, folders: string[]): string {
  const lines: string[] = []
  const walk = (dir: string) => {
    let names: string[]
    try {
      names = readdirSync(dir).sort()
    } catch {
      return void lines.push(`${dir} unreadable`)
    }
    for (const name of names) {
      const path = join(dir, name)
      if (!readByBuild(sources, path)) continue
      const stat = lstatSync(path, { throwIfNoEntry: false })
      if (!stat) continue
      const kind = stat.isDirectory() ? 'd' : stat.isFile() ? 'f' : 'o'
      // A folder's own size and time change with any entry (one passed over too); its entries have their lines.
      lines.push(kind === 'd' ? `${path} d ${stat.ino}` : `${path} ${kind} ${stat.size} ${stat.mtimeMs} ${stat.ino}`)
      if (kind === 'd') walk(path)
    }
  }
  folders.forEach(walk)
  return lines.join('\n')
}

/**
 * A build of the HTML that runs now or, called through `soon`, once changes have settled; never two at once. No
 * error ends it: any failure is said in the terminal, kept for the page's overlay, and the last good build stays.
 * Each build notes the signature of the `watched` folders as it starts; `ifChanged` builds when it differs.
 */
function rebuilder(sources: string, out: string, watched: string[], say: (line: string) => void, built: () => void) {
  const memory = buildMemory()
  let running: Promise<void> | undefined
  let again = false
  let timer: NodeJS.Timeout | undefined
  let failure: string[] | undefined
  let seen: string | undefined
  const run = async (): Promise<void> => {
    if (running) return void (again = true)
    seen = statSignature(sources, watched)
    const start = performance.now()
    running = build({ sources, out, formats: ['html'], remember: memory.next(), say })
      .then(() => {
        failure = undefined
        say(`rebuilt the HTML in ${Math.round(performance.now() - start)} ms`)
      })
      .catch((thrown: unknown) => {
        const error = asFileError(thrown)
        failure =
          error instanceof BuildError
            ? error.files.flatMap((file) => file.messages.map((m) => `${file.path}:${m.line ?? 1}:${m.column ?? 1}  ${m.reason}  [${m.ruleId ?? 'F-UNKNOWN'}]`))
            : [error instanceof Error ? error.message.split('\n')[0]! : String(error)]
        for (const line of failure) say(line)
        say(existsSync(join(out, 'html')) ? 'the build failed; still serving the last good one' : 'the build failed; nothing to serve until it succeeds')
      })
      .finally(() => {
        running = undefined
        built()
      })
    await running
    // A change while it ran, reported or not, is built too.
    if (again || statSignature(sources, watched) !== seen) {
      again = false
      await run()
    }
  }
  const soon = () => {
    clearTimeout(timer)
    timer = setTimeout(() => void run(), settle)
  }
  return Object.assign(run, {
    soon,
    ifChanged() {
      if (!running && statSignature(sources, watched) !== seen) soon()
    },
    /** The last build's errors, while it failed. */
    failure: () => failure,
  })
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** Shown over every page while the last rebuild failed: the page under it is the last good build. */
function overlay(failure: string[]): string {
  return `<div role="alert" class="folio-serve-failure"><strong>folio serve: the last rebuild failed; this is the last good build.</strong>\n${failure.map(esc).join('\n')}</div>`
}

/** A file under `root`; HTML pages get the reload script. Nothing outside `root` is served. */
function send(root: string, path: string, response: ServerResponse, failure: string[] | undefined) {
  let file = resolve(root, `.${path}`)
  if (file !== root && !file.startsWith(root + sep)) return void response.writeHead(403).end()
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html')
  if (!existsSync(file)) {
    if (!failure) return void response.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
    return void response.writeHead(503, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(`<!doctype html><html><body>${overlay(failure)}${reloadScript}</body></html>`)
  }
  const type = types[extname(file)] ?? 'application/octet-stream'
  response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' })
  if (extname(file) !== '.html') return void createReadStream(file).on('error', () => response.end()).pipe(response)
  const chunks: Buffer[] = []
  createReadStream(file)
    .on('data', (c) => chunks.push(c as Buffer))
    .on('error', () => response.end())
    .on('end', () => response.end(Buffer.concat(chunks).toString('utf8').replace('</body>', `${failure ? overlay(failure) : ''}${reloadScript}\n</body>`)))
}
