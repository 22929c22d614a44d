/**
 * The report.json writer: what the edition contains and how it was made. What it says of a document (counts,
 * words, every change) stays as it is while the document does: it is remembered by the document's inputs.
 */
import { report } from './report.ts'
import type { WriteContext } from '../writer.ts'

export default async function writeReport(ctx: WriteContext) {
  const { edition, remember } = ctx
  const documents = edition.documents.flatMap((d) => remember('report', [d.inputs], () => report({ ...edition, documents: [d] }, [], {}).documents))
  ctx.write('report.json', JSON.stringify({ ...report({ ...edition, documents: [] }, ctx.built(), ctx.timings), documents }, null, 2) + '\n')
}
