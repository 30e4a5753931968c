import { z } from 'zod';

/**
 * Characters that act instead of showing: C0 controls (NUL, BEL, ESC, CR, LF…), DEL, C1 controls (8-bit CSI and
 * friends) and the bidirectional overrides that make text read differently from what it is.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this pattern's job
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function hasControlCharacters(text: string): boolean {
  return new RegExp(CONTROLS.source).test(text);
}

/**
 * Text for a terminal or chat message with every control character shown as its escape (`\u001b`), so a name
 * from the cloud cannot move the cursor, retitle the window, ring the bell or forge a line. `keep` lists
 * characters to leave as they are (a renderer's own newlines).
 */
export function showControls(text: string, keep = ''): string {
  return text.replace(CONTROLS, (c) => (keep.includes(c) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** The name of something blockops creates in the cloud: 1..max characters, none of them a control character. */
export function resourceName(max: number) {
  return z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !hasControlCharacters(s), {
      message:
        'contains a control character (a newline, tab, escape, NUL or text-direction override); ' +
        'use printable characters only',
    });
}
