/** Every comment of `before` still in `after` (as many times as before), read by the format's reader. */
export function keepsComments(before: string, after: string, comments: (text: string) => readonly string[]): boolean {
  const left = new Map<string, number>();
  for (const comment of comments(after)) left.set(comment, (left.get(comment) ?? 0) + 1);
  for (const comment of comments(before)) {
    const count = left.get(comment) ?? 0;
    if (count === 0) return false;
    left.set(comment, count - 1);
  }
  return true;
}
