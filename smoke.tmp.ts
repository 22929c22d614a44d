import { buildEdition } from './src/edition/edition.ts'
import { uncoveredNames } from './src/edition/name-candidates.ts'
import { BuildError } from './src/edition/diagnostics.ts'
import { renderModel } from './src/render/model.ts'
import { toHtml } from 'hast-util-to-html'
import { writeFileSync } from 'node:fs'
try {
  const e = buildEdition(process.argv[2] ?? 'sources')
  console.log('entries', e.index.entries.length, 'locators', e.index.entries.reduce((n, x) => n + x.locators.length + x.sub.reduce((m, s) => m + s.locators.length, 0), 0))
  const u = uncoveredNames(e.documents, e.index)
  console.log('uncovered', u.length, u.slice(0, 40).map((c) => `${c.name}(${c.count})`).join(', '))
  console.log('no locators:', e.index.entries.filter((x) => !x.see && x.locators.length === 0 && x.sub.every(s => s.locators.length === 0)).map((x) => x.headword).join('; '))
  const m = renderModel(e)
  let html = '<meta charset=utf-8><style>.supplied{color:#777}.noteref-editor{color:green}.ix{}</style>'
  for (const p of m.parts) {
    html += `<section id="${p.id}">` + toHtml({ type: 'root', children: [...(p.headnote ?? []), ...p.body] } as any)
    html += '<ol>' + p.notes.map((n) => `<li id="${n.id}">[${n.series} ${n.mark}] ${toHtml({ type: 'root', children: n.content } as any)}</li>`).join('') + '</ol></section>'
  }
  writeFileSync('/tmp/model.html', html)
  console.log(m.parts.map((p) => `${p.id}:${p.notes.length}`).join(' '), 'index', m.index.length)
} catch (err) { if (err instanceof BuildError) console.log(err.message); else throw err }
