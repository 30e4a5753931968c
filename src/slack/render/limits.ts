/** Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks). */
export const LIMITS = {
  sectionText: 3000,
  headerText: 150,
  blocks: 50,
  contextElements: 10,
  buttonText: 75,
  optionText: 75,
  optionValue: 150,
  options: 100,
  /** chat.postMessage's `text` is truncated by Slack after 40 000 characters; keep fallbacks short. */
  fallbackText: 3000,
} as const;

/**
 * Cuts already-escaped text to `max` characters, saying how much was left out. Never cuts an entity
 * (`&amp;`) in half, so the cut cannot produce a broken escape.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const left = text.length;
  for (let keep = max - 24; keep > 0; keep -= 8) {
    let cut = text.slice(0, keep);
    const amp = cut.lastIndexOf('&');
    if (amp >= 0 && cut.indexOf(';', amp) < 0) cut = cut.slice(0, amp);
    const note = `… (${left - cut.length} more characters)`;
    if (cut.length + note.length <= max) return cut + note;
  }
  return text.slice(0, Math.max(0, max - 1)).replace(/&[a-z]*$/, '') + '…';
}

/**
 * Keeps a list within a budget: the first `max` items, plus a line saying how many more there are.
 * `more` words the remainder, e.g. (n) => `…and ${n} more images`.
 */
export function limitList<T>(items: T[], max: number): { shown: T[]; hidden: number } {
  if (items.length <= max) return { shown: items, hidden: 0 };
  return { shown: items.slice(0, max), hidden: items.length - max };
}

/** Joins lines into as few section texts as needed, each within the section limit. */
export function chunkLines(lines: string[], max: number = LIMITS.sectionText): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = truncate(raw, max);
    if (current && current.length + 1 + line.length > max) {
      chunks.push(current);
      current = line;
    } else current = current ? `${current}\n${line}` : line;
  }
  if (current) chunks.push(current);
  return chunks;
}
