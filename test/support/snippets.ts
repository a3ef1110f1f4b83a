import assert from 'node:assert/strict';

/**
 * Expands a snippet body the way VS Code does for the parts we use: `${n:default}` becomes its default,
 * `${n}` repeats tab stop n's default, and `\$`, `\}`, `\\` are escapes. `fill` may replace a default.
 */
export function expandSnippet(body: string, fill: (name: string) => string = (name) => name): { text: string; defaults: string[] } {
  const defaults = new Map<string, string>();
  let text = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\' && '$}\\'.includes(body[i + 1] ?? '')) {
      text += body[++i];
    } else if (c === '$' && body[i + 1] === '{') {
      const match = /^\$\{(\d+)(?::([^}]*))?\}/.exec(body.slice(i));
      assert.ok(match, `a tab stop at ${i}: ${body.slice(i, i + 20)}`);
      const [whole, number, name] = match;
      if (name !== undefined) defaults.set(number!, name);
      const known = defaults.get(number!);
      assert.ok(known !== undefined, `tab stop ${number} is defined before it is repeated`);
      text += fill(known);
      i += whole.length - 1;
    } else {
      assert.notEqual(c, '$', 'every $ is escaped or a tab stop');
      text += c;
    }
  }
  return { text, defaults: [...defaults.values()] };
}
