/**
 * The OCF container. epub-gen-memory's templates write the package, nav, NCX and chapters; this adds the
 * resources it cannot make from a URL-less source (fonts, cover image) and zips everything with a fixed date,
 * so the same sources give the same bytes.
 */
import { buffer } from 'node:stream/consumers'
import { EPub, type Chapter, type Options } from 'epub-gen-memory'
import { ZipFile } from 'yazl'

export interface Resource {
  /** Path inside OEBPS/, as the manifest lists it. */
  href: string
  data: Uint8Array
}

export class Container extends EPub {
  constructor(
    options: Options,
    chapters: Chapter[],
    private readonly resources: Resource[],
    private readonly date: Date
  ) {
    super(options, chapters)
  }

  async bytes(): Promise<Buffer> {
    await this.render()
    // In the order epub-gen-memory added them, which starts with `mimetype`; folders need no entries of their own.
    const rendered = Object.values(this.zip.files).filter((entry) => !entry.dir)
    const entries = await Promise.all(rendered.map(async (entry) => ({ name: entry.name, data: await entry.async('nodebuffer') })))
    return zip([...entries, ...this.resources.map((r) => ({ name: `OEBPS/${r.href}`, data: Buffer.from(r.data) }))], this.date)
  }
}

/**
 * The archive, by yazl on Node's zlib: entries in the order given (`mimetype` first), deflated unless `stored`,
 * with one fixed date and no extra fields, so the same entries give the same bytes.
 */
function zip(entries: Array<{ name: string; data: Buffer }>, date: Date): Promise<Buffer> {
  const archive = new ZipFile()
  // A zip date has no time zone: yazl writes the local time of the Date it is given, so give it one whose local
  // time reads as the edition's UTC date.
  const mtime = new Date(date.getTime() + date.getTimezoneOffset() * 60_000)
  for (const entry of entries) archive.addBuffer(entry.data, entry.name, { mtime, compressionLevel: stored(entry.name) ? 0 : 9, forceDosTimestamp: true })
  archive.end()
  return buffer(archive.outputStream)
}

/** Entries kept uncompressed: `mimetype`, as OCF requires, and the JPEG cover, which deflating would not shrink. */
function stored(name: string): boolean {
  return name === 'mimetype' || name.endsWith('.jpg')
}
