/**
 * Generated sections of a Markdown file: the text between `<!-- generated:<section>:start -->` and
 * `<!-- generated:<section>:end -->` belongs to `npm run docs`; everything around it is written by hand.
 */
export const startMarker = (section: string) => `<!-- generated:${section}:start -->`;
export const endMarker = (section: string) => `<!-- generated:${section}:end -->`;

/** `text` with the section's body replaced by `body`; throws when the markers are missing or out of order. */
export function spliceGenerated(text: string, section: string, body: string, file: string): string {
  const start = startMarker(section);
  const end = endMarker(section);
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1 || to < from) {
    throw new Error(`${file}: expected ${start} … ${end} around the generated ${section} section`);
  }
  if (text.indexOf(start, from + 1) !== -1 || text.indexOf(end, to + 1) !== -1) {
    throw new Error(`${file}: the ${section} markers appear more than once`);
  }
  return `${text.slice(0, from + start.length)}\n${body.trimEnd()}\n${text.slice(to)}`;
}
