/** The readers Folio knows, by the shape name used in document.yaml. */
import { essay } from './essay.ts'
import { forum } from './forum.ts'
import { interview } from './interview.ts'
import type { Reader } from './reader.ts'
import { wiki } from './wiki.ts'

export const readers: Record<string, Reader> = { wiki, interview, essay, forum }
