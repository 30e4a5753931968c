import { unescapeText } from '../render/escape.js';

export class ArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArgumentError';
  }
}

/**
 * Turns Slack's formatting in command text back into what the user typed: auto-linked URLs
 * (`<https://x/y.raw>` or `<https://x|x>`), mentions (`<@U123|ana>` → U123, `<#C1|ops>` → C1), then entities.
 */
export function unformat(text: string): string {
  const plain = text.replace(/<([^<>]*)>/g, (_, inner: string) => {
    const [target = '', label] = inner.split('|');
    if (/^[@#][A-Z0-9]+$/.test(target)) return target.slice(1);
    if (target.startsWith('!')) return label ?? `@${target.slice(1)}`;
    if (target.startsWith('mailto:')) return label ?? target.slice('mailto:'.length);
    return target;
  });
  return unescapeText(plain);
}

const OPEN_TO_CLOSE: Record<string, string> = { '"': '"', "'": "'", '“': '”', '”': '”', '‘': '’', '’': '’', '„': '“' };

/**
 * Splits command text into words, keeping quoted parts together: `name="Alma Linux 9.6"` is one word,
 * `name=Alma Linux 9.6` three. Straight and typographic quotes both work (Slack clients often turn " into “ ”);
 * a backslash escapes the next character inside quotes.
 */
export function tokenize(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let close: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (close !== undefined) {
      if (ch === '\\' && i + 1 < text.length) word += text[++i];
      else if (ch === close || (close === '”' && ch === '"') || (close === '"' && ch === '”')) close = undefined;
      else word += ch;
      continue;
    }
    if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (OPEN_TO_CLOSE[ch] !== undefined) {
      close = OPEN_TO_CLOSE[ch];
      inWord = true;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (close !== undefined) throw new ArgumentError(`A quote is not closed: add the closing ${close}.`);
  if (inWord) words.push(word);
  return words;
}
