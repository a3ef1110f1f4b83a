import { commentsOf } from './jsonText';
import type { EditFormat } from './policyEditor';
import { yamlCommentsOf } from '../../formats/yaml/yamlEditor';

/** Every comment of `before` still in `after` (as many times as before), read in the file's format. */
export function keepsComments(before: string, after: string, format: EditFormat): boolean {
  const comments = format === 'yaml' ? yamlCommentsOf : commentsOf;
  const left = new Map<string, number>();
  for (const comment of comments(after)) left.set(comment, (left.get(comment) ?? 0) + 1);
  for (const comment of comments(before)) {
    const count = left.get(comment) ?? 0;
    if (count === 0) return false;
    left.set(comment, count - 1);
  }
  return true;
}
