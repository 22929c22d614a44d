/** The single-file archive `<slug>.html`: the whole edition in one page with its styles, fonts and note script inline. */
import type { Model } from '../model.ts'
import { clientScript, inlineFontCss, stylesheet } from './assets.ts'
import { contents, type Href } from './navigation.ts'
import type { PartMarkup } from './part-article.ts'
import { fill } from './template.ts'

/** Inside one file every part is a fragment: the model's `#id` links hold as they are. */
const href: Href = (part, id) => `#${id ?? part.id}`

/** `parts`: the markup of every part, its links made fragments again (`linksInPage`). */
export function archive(model: Model, parts: PartMarkup[]): string {
  const { meta } = model
  return fill('archive', {
    lang: meta.language,
    title: meta.title,
    description: meta.description,
    subtitle: meta.subtitle ?? '',
    editor: meta.editor,
    version: meta.version,
    date: meta.date,
    css: [inlineFontCss(), stylesheet('screen.css'), `@media print {\n${stylesheet('site-print.css')}\n}`].join('\n'),
    script: clientScript('notes.js'),
    contents: contents(model, href, true)(),
    parts: parts.map((p) => p.article).join('\n'),
    popovers: parts.map((p) => p.popovers).join('\n'),
  })
}
