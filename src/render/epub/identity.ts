/** The EPUB's identity: an identifier and dates that depend only on the edition's metadata, never on the clock. */
import { createHash } from 'node:crypto'
import type { Model } from '../model.ts'

/**
 * The edition's name in Folio (`folio:<slug>@<version>`): a second identifier, the one Calibre shows (it keeps
 * `urn:uuid:` identifiers to itself).
 */
export function editionName(model: Model): string {
  return `folio:${model.meta.slug}@${model.meta.version}`
}

/** RFC 4122 name-based (SHA-1, version 5) UUID in the URL namespace, so each version of an edition keeps one id. */
export function editionUuid(model: Model): string {
  const urlNamespace = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex')
  const name = editionName(model)
  const bytes = createHash('sha1').update(urlNamespace).update(name).digest().subarray(0, 16)
  bytes[6] = (bytes[6]! & 0x0f) | 0x50
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** dcterms:modified from the version's date in the sources (CCYY-MM-DDThh:mm:ssZ, as EPUB requires). */
export function modified(model: Model): string {
  return `${model.meta.date}T00:00:00Z`
}

/** The same instant as a Date, for the zip entries' timestamps. */
export function modifiedDate(model: Model): Date {
  return new Date(modified(model))
}
