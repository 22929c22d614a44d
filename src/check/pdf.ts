/** PDF checks: qpdf's structural check, and every font embedded and one of the shipped families. */
import { fontFaces } from '../render/fonts.ts'
import { run, type CheckResult } from './run.ts'

export async function qpdf(pdf: string): Promise<CheckResult> {
  const base = { checker: 'qpdf --check', target: pdf }
  const r = await run('qpdf', ['--check', pdf])
  if (r.missing) return { ...base, problems: [], unavailable: 'apt-get install -y qpdf' }
  return { ...base, problems: r.code === 0 ? [] : (r.stdout + r.stderr).trim().split('\n').slice(0, 20) }
}

export interface PdfFont {
  name: string
  embedded: boolean
}

export async function pdffonts(pdf: string): Promise<CheckResult & { fonts?: PdfFont[] }> {
  const base = { checker: 'pdffonts', target: pdf }
  const r = await run('pdffonts', [pdf])
  if (r.missing) return { ...base, problems: [], unavailable: 'apt-get install -y poppler-utils' }
  const fonts = r.stdout
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((line) => {
      const cols = line.trim().split(/\s+/)
      // name type [encoding…] emb sub uni object ID: the three yes/no columns come before the object number.
      return { name: cols[0]!, embedded: cols[cols.length - 5] === 'yes' }
    })
  const families = [...new Set(fontFaces.map((f) => f.family.replace(/\s+/g, '')))]
  const problems = [
    ...fonts.filter((f) => !f.embedded).map((f) => `${f.name} is not embedded`),
    ...fonts.filter((f) => !families.some((family) => f.name.replace(/^[A-Z]{6}\+/, '').replace(/-/g, '').startsWith(family))).map((f) => `${f.name} is not a shipped font (${families.join(', ')})`),
  ]
  if (fonts.length === 0) problems.push('no fonts listed')
  return { ...base, problems, fonts }
}
