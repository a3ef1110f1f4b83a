/**
 * Text taken from a user's file (a bucket name, a condition key, a file name) is shown in places that give
 * some characters a meaning of their own: a newline starts a new line of CLI output (and so a forged CI
 * annotation such as `::error file=…::…`), ESC starts a terminal escape sequence, C1 controls act as ESC
 * on some terminals, U+2028/U+2029 end a line in some viewers, and the bidirectional overrides and isolates
 * reorder what a reader sees (the "Trojan Source" trick). These are shown as visible escapes instead.
 */
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_CHARACTERS_GLOBAL = new RegExp(UNSAFE_CHARACTERS.source, 'g');
/** The same less C0, which JSON.stringify escapes itself inside strings and uses raw only as indentation. */
const UNSAFE_IN_JSON_GLOBAL = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `\uXXXX`, upper-case hex: the form JSON and JavaScript read back as the same character. */
export function unicodeEscape(character: string): string {
  return '\\u' + character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
}

/** `\n`, `\r` and `\t` for the usual three, `\uXXXX` for the others; every other character unchanged. */
export function escapeControlCharacters(text: string): string {
  if (!UNSAFE_CHARACTERS.test(text)) return text;
  return text.replace(UNSAFE_CHARACTERS_GLOBAL, (character) => SHORT_ESCAPES[character] ?? unicodeEscape(character));
}

/**
 * The same characters as JSON escapes inside JSON text (`JSON.stringify` output). JSON.stringify already
 * escapes C0 controls, but leaves DEL, C1, U+2028/U+2029 and the bidi controls raw; escaped, a JSON reader
 * gets back exactly the same strings, while the raw output printed to a terminal or log stays harmless.
 */
export function escapeControlCharactersInJson(json: string): string {
  return json.replace(UNSAFE_IN_JSON_GLOBAL, unicodeEscape);
}
