/**
 * A list built item by item, kept at its exact size. V8 gives an array that grows from empty room for 17
 * items at its first push: ~130 bytes of slack on every short list. A reader of a 1 MB module builds tens of
 * thousands of short lists (a string's parts, a body's attributes, an object's items) that live as long as
 * the lint, and every garbage collection during the lint copies them, slack included. The items are pushed
 * onto one shared stack and each list takes its own off as an exactly sized array. Lists nest (one may be
 * built while another is open) as long as they close in the reverse order, as a recursive reader's do.
 */
export class ListStack<T> {
  private readonly items: (T | undefined)[] = [];
  private size = 0;

  open(): number {
    return this.size;
  }

  push(item: T): void {
    this.items[this.size++] = item;
  }

  /** The items pushed since `mark` (from `open`), as a new array; they leave the stack. */
  close(mark: number): T[] {
    const list = this.items.slice(mark, this.size) as T[];
    // The stack outlives the lint: it must not keep this file's nodes alive.
    this.items.fill(undefined, mark, this.size);
    this.size = mark;
    return list;
  }

  /** Drops every open list (a reader that gave up midway). */
  clear(): void {
    this.close(0);
  }
}
