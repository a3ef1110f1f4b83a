import type { OffsetEdit } from './types';

/** Overlapping or adjacent ranges: two inserts at one offset, or an insert at the edge of a replaced range. */
export function touches(a: OffsetEdit, b: OffsetEdit): boolean {
  return a.offset <= b.offset + b.length && b.offset <= a.offset + a.length;
}

/**
 * The ranges a round's batch edits, none touching another, in text order: whether a new edit touches one is a
 * binary search, so a round costs its number of fixes, not its square (500 open grants in one template).
 */
export class TakenRanges {
  private readonly ranges: OffsetEdit[] = [];
  /** Some ranges touch each other (one fix's own edits side by side): then every range is looked at. */
  private touching = false;

  /** While the ranges are apart their ends rise too: the last starting at or before `edit`'s end is the only one that can reach it. */
  touches(edit: OffsetEdit): boolean {
    if (this.touching) return this.ranges.some((range) => touches(range, edit));
    const before = this.ranges[this.startingAfter(edit.offset + edit.length) - 1];
    return before !== undefined && touches(before, edit);
  }

  add(edit: OffsetEdit): void {
    if (!this.touching && this.touches(edit)) this.touching = true;
    this.ranges.splice(this.startingAfter(edit.offset + edit.length), 0, edit);
  }

  /** The index of the first range that starts after `offset`. */
  private startingAfter(offset: number): number {
    let low = 0;
    let high = this.ranges.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.ranges[middle]!.offset <= offset) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
