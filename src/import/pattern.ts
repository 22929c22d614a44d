/**
 * A regular expression a reader takes from document.yaml: it must compile, and must not nest quantifiers (star
 * height above 1, as safe-regex2 measures it), which can backtrack for hours on a line that almost matches.
 */
import safeRegex from 'safe-regex2'
import { z } from 'zod'

export const pattern = z.string().superRefine((source, ctx) => {
  try {
    new RegExp(source)
  } catch (error) {
    const why = (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '')
    ctx.addIssue({ code: 'custom', message: `not a valid regular expression (${why})`, params: { folio: 'F-REGEX-001', hint: 'correct the pattern (JavaScript syntax)' } })
    return
  }
  if (!safeRegex(source))
    ctx.addIssue({ code: 'custom', message: `the pattern “${source}” nests repetition (such as \`(a+)*\`) and can take hours on one line`, params: { folio: 'F-REGEX-002', hint: 'write it without a quantifier inside a repeated group' } })
})
