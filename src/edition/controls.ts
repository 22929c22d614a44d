/**
 * Characters a witness may hold but no output may show as they are. Those XML 1.0 forbids (C0 controls other than
 * tab and line ends, U+FFFE, U+FFFF) would make every EPUB page ill-formed: each becomes its code point in the
 * edition's sign, ‹U+001B›, and is recorded. Bidirectional embeddings, overrides and isolates are the source's and
 * are kept, but recorded, and their text is isolated (`<bdi>`) so they cannot reorder the editorial text around it.
 */
import type { Root, Text } from 'mdast'
import type { VFile } from 'vfile'
import { editText, inSign } from '../witness/changes.ts'
import { changeLog, replaceAll, witnessTexts } from './text-nodes.ts'

const forbidden = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g
const bidi = /[\u202A-\u202E\u2066-\u2069]/g
// Without the g flag: `test` then keeps no state between texts.
const hasForbidden = new RegExp(forbidden.source)
const hasBidi = new RegExp(bidi.source)

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`

const bidiNames: Record<string, string> = {
  '\u202A': 'LEFT-TO-RIGHT EMBEDDING',
  '\u202B': 'RIGHT-TO-LEFT EMBEDDING',
  '\u202C': 'POP DIRECTIONAL FORMATTING',
  '\u202D': 'LEFT-TO-RIGHT OVERRIDE',
  '\u202E': 'RIGHT-TO-LEFT OVERRIDE',
  '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE',
  '\u2068': 'FIRST STRONG ISOLATE',
  '\u2069': 'POP DIRECTIONAL ISOLATE',
}

/**
 * `text` with each character XML forbids and each bidirectional control shown as its code point in the edition's
 * sign: for quoting a witness in the apparatus, where a control would be invisible or reorder the entry.
 */
export function visibleControls(text: string): string {
  return text.replace(forbidden, (ch) => inSign(codePoint(ch))).replace(bidi, (ch) => inSign(codePoint(ch)))
}

export default function controls() {
  return (tree: Root, file: VFile) => {
    const texts = witnessTexts(tree)
    replaceAll(
      texts.filter((node) => hasForbidden.test(node.value)),
      file,
      forbidden,
      (m) => inSign(codePoint(m[0])),
      (m) => ({ kind: 'control', reason: `control character ${codePoint(m[0])}, which XML (and so EPUB) cannot contain, shown by its code point` })
    )
    const log = changeLog(file)
    for (const node of texts.filter((n: Text) => hasBidi.test(n.value))) {
      // Kept as it is, yet recorded: the change replaces the character with itself.
      for (const m of [...node.value.matchAll(bidi)].reverse()) editText(node, log, m.index!, m.index! + 1, m[0], 'control', `bidirectional control ${codePoint(m[0])} (${bidiNames[m[0]]}) kept; its text is isolated from the editorial text around it`)
      node.data = { ...node.data, hName: 'bdi' }
    }
  }
}
