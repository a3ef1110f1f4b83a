import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ListStack } from '../../src/formats/terraform/exactList';

/** The shared stack the Terraform readers build their lists on (exactList.ts): nested lists keep their own items. */

test('nested lists each take their own items, in order, and leave the stack as they found it', () => {
  const stack = new ListStack<string>();
  const outer = stack.open();
  stack.push('a');
  const inner = stack.open();
  stack.push('b');
  stack.push('c');
  assert.deepEqual(stack.close(inner), ['b', 'c']);
  stack.push('d');
  const empty = stack.open();
  assert.deepEqual(stack.close(empty), []);
  assert.deepEqual(stack.close(outer), ['a', 'd']);
  assert.equal(stack.open(), 0);
});

test('a closed list is a copy: later pushes do not change it', () => {
  const stack = new ListStack<number>();
  const mark = stack.open();
  stack.push(1);
  const list = stack.close(mark);
  stack.push(2);
  assert.deepEqual(list, [1]);
});

test('clear drops every open list (a reader that gave up midway)', () => {
  const stack = new ListStack<number>();
  stack.open();
  stack.push(1);
  stack.open();
  stack.push(2);
  stack.clear();
  const mark = stack.open();
  assert.equal(mark, 0);
  stack.push(3);
  assert.deepEqual(stack.close(mark), [3]);
});
