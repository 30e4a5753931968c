/**
 * The CLI speaks in its own words: operation names (MCP tool names such as `list_images`) in help and error texts
 * become the verbs a CLI user types (`list-images`), and JSON examples for key=value flags become flag examples.
 */
const operations = new Set<string>();

/** Called once the verbs are registered: the names to translate. */
export function knowOperations(names: Iterable<string>): void {
  for (const n of names) operations.add(n);
}

export function verbOf(name: string): string {
  return name.replace(/_/g, '-');
}

/** Operation names as CLI verbs, wherever they stand as whole words. */
export function cliWords(text: string): string {
  return text.replace(/\b[a-z]+(?:_[a-z]+)+\b/g, (w) => (operations.has(w) ? verbOf(w) : w));
}

/** A help text for a key=value flag: a JSON object example in it becomes the flags that say the same. */
export function pairExamples(help: string, flag: string): string {
  return help.replace(/\{[^{}]*\}/g, (json) => {
    try {
      const o = JSON.parse(json) as Record<string, unknown>;
      return Object.entries(o)
        .map(([k, v]) => `--${flag} ${k}=${String(v)}`)
        .join(' ');
    } catch {
      return json;
    }
  });
}
