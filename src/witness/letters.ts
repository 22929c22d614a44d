/** Alphabetic marks: a, b, … z, aa, ab, … (editor's notes; paragraphs inserted after a release, 2.14a). */
export function letter(n: number): string {
  let s = ''
  for (let i = n + 1; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(97 + ((i - 1) % 26)) + s
  return s
}
