/**
 * The zip container, through epub-gen-memory: its templates write the package, nav, NCX and chapters; this adds
 * the resources it cannot make from a URL-less source (fonts, cover, licence) and fixes every entry's date, so
 * the same sources give the same bytes.
 */
import { EPub, type Chapter, type Options } from 'epub-gen-memory'

export interface Resource {
  /** Path inside OEBPS/, as the manifest lists it. */
  href: string
  data: string | Uint8Array
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

  async bytes(): Promise<Uint8Array> {
    await this.render()
    for (const r of this.resources) this.zip.file(`OEBPS/${r.href}`, r.data)
    for (const entry of Object.values(this.zip.files)) entry.date = this.date
    return this.generateAsync({ type: 'uint8array', mimeType: 'application/epub+zip', compression: 'DEFLATE', compressionOptions: { level: 9 } })
  }
}
