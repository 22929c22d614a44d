/** Fills the designer-edited templates in templates/html/: `{{name}}` is escaped text, `{{{name}}}` is markup. */
import { readFileSync } from 'node:fs'
import { projectPath } from '../../paths.ts'

export type TemplateName = 'page' | 'part' | 'headnote' | 'landing' | 'archive'

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** The template as the designer left it: what is made from it is remembered by it. */
export function template(name: TemplateName): string {
  return readFileSync(projectPath('templates/html', `${name}.html`), 'utf8')
}

/** A template with its placeholders filled; a placeholder without a value is an error, not an empty string. */
export function fill(name: TemplateName, values: Record<string, string>): string {
  return template(name).replace(/\{\{(\{?)\s*([\w-]+)\s*\}?\}\}/g, (_, raw: string, key: string) => {
    const value = values[key]
    if (value === undefined) throw new Error(`templates/html/${name}.html: no value for {{${key}}}`)
    return raw ? value : escapeHtml(value)
  })
}
