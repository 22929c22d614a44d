/** A loopback HTTP server for the pages Chromium lays out: linked CSS, fonts and scripts over file:// fail on CORS. */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Resource {
  type: string
  body: string | Uint8Array
}

export interface Site {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  origin: string
  /** Add or replace a resource, path starting with `/`. */
  put(path: string, resource: Resource): void
  close(): Promise<void>
}

export async function serve(): Promise<Site> {
  const resources = new Map<string, Resource>()
  const server = createServer((request, response) => {
    // Resources are put under their plain paths (a packet may be named “seminar week 1”); URLs arrive encoded.
    const resource = resources.get(decoded(new URL(request.url ?? '/', 'http://127.0.0.1').pathname))
    if (!resource) {
      response.writeHead(404).end()
      return
    }
    response.writeHead(200, { 'content-type': resource.type, 'cache-control': 'no-store' }).end(resource.body)
  })
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    put: (path, resource) => void resources.set(path, resource),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function decoded(pathname: string): string {
  try {
    return decodeURIComponent(pathname)
  } catch {
    return pathname
  }
}
