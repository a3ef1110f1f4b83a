/** IAM-style glob matching: `*` any run of characters, `?` one character; case-insensitive when asked. */
export function globMatches(pattern: string, text: string, ignoreCase: boolean): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const t = ignoreCase ? text.toLowerCase() : text;
  // Iterative two-pointer match with backtracking to the last `*`: linear in practice, no regex building.
  let pi = 0;
  let ti = 0;
  let starPi = -1;
  let starTi = 0;
  while (ti < t.length) {
    const pc = p[pi];
    if (pc === '*') {
      starPi = pi++;
      starTi = ti;
    } else if (pc !== undefined && (pc === '?' || pc === t[ti])) {
      pi++;
      ti++;
    } else if (starPi >= 0) {
      pi = starPi + 1;
      ti = ++starTi;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}

export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}
