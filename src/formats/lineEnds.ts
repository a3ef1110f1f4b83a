/** The line end a text is written with: CRLF when it holds one, else LF. What new lines written into it use. */
export function eolOf(text: string): '\n' | '\r\n' {
  return text.includes('\r\n') ? '\r\n' : '\n';
}
