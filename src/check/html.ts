/** HTML checks: the Nu HTML Checker on every page, and every internal link and anchor of the site resolving. */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { fromHtml } from 'hast-util-from-html'
import { visit } from 'unist-util-visit'
import { walkFiles } from '../walk-files.ts'
import { java, type CheckResult } from './run.ts'

const require = createRequire(import.meta.url)

export function htmlFiles(dir: string): string[] {
  return walkFiles(dir)
    .filter((f) => f.endsWith('.html'))
    .map((f) => join(dir, f))
}

export async function vnu(files: string[], target: string): Promise<CheckResult> {
  const base = { checker: 'Nu HTML Checker', target }
  let jar: string
  try {
    jar = join(dirname(require.resolve('vnu-jar/package.json')), 'build/dist/vnu.jar')
  } catch {
    return { ...base, problems: [], unavailable: 'npm install (it is a devDependency: vnu-jar)' }
  }
  const r = await java(jar, ['--format', 'json', '--exit-zero-always', ...files])
  if (r.missing) return { ...base, problems: [], unavailable: 'apt-get install -y default-jre-headless' }
  let json: { messages: Array<{ type: string; subType?: string; url: string; lastLine?: number; message: string }> }
  try {
    json = JSON.parse(r.stderr || '{"messages":[]}')
  } catch {
    return { ...base, problems: [`the Nu HTML Checker did not run: ${r.stderr.trim().slice(0, 300)}`] }
  }
  return { ...base, problems: json.messages.filter((m) => m.type === 'error').map((m) => `${m.url.replace('file:', '')}:${m.lastLine ?? ''} ${m.message}`) }
}

/** Every href, src and popovertarget inside the site points at an existing file and, with a fragment, an existing id. */
export function links(root: string, files: string[] = htmlFiles(root)): CheckResult & { checked: number } {
  const ids = new Map<string, Set<string>>()
  const trees = new Map(files.map((f) => [f, fromHtml(readFileSync(f, 'utf8'))]))
  for (const [file, tree] of trees) {
    const set = new Set<string>()
    visit(tree, 'element', (el) => {
      if (el.properties.id) set.add(String(el.properties.id))
      if (el.tagName === 'a' && el.properties.name) set.add(String(el.properties.name))
    })
    ids.set(file, set)
  }
  const problems: string[] = []
  let checked = 0
  for (const [file, tree] of trees)
    visit(tree, 'element', (el) => {
      for (const attr of ['href', 'src', 'popoverTarget'] as const) {
        const raw = el.properties[attr]
        const value = attr === 'popoverTarget' && typeof raw === 'string' ? `#${raw}` : raw
        if (typeof value !== 'string' || /^(https?:|mailto:|data:|javascript:)/.test(value) || value === '') continue
        checked++
        const [path, fragment] = value.split('#')
        const target = path ? resolve(dirname(file), decodeURIComponent(path)) : file
        if (!existsSync(target)) problems.push(`${relative(root, file)}: ${attr}="${value}" — no such file`)
        else if (fragment && target.endsWith('.html') && !(ids.get(target) ?? readIds(target)).has(decodeURIComponent(fragment)))
          problems.push(`${relative(root, file)}: ${attr}="${value}" — no element with id “${fragment}”`)
      }
    })
  return { checker: 'internal links', target: root, problems, checked }
}

function readIds(file: string): Set<string> {
  const set = new Set<string>()
  visit(fromHtml(readFileSync(file, 'utf8')), 'element', (el) => void (el.properties.id && set.add(String(el.properties.id))))
  return set
}
