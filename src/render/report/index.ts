/** The report.json writer: what the edition contains and how it was made. */
import { report } from './report.ts'
import type { WriteContext } from '../writer.ts'

export default async function writeReport(ctx: WriteContext) {
  ctx.write('report.json', JSON.stringify(report(ctx.edition, ctx.built(), ctx.timings), null, 2) + '\n')
}
