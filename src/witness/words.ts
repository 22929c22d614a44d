/** The words of a text as counted everywhere (report.json, the headnotes): runs holding a letter or a digit. */
export function words(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length
}
