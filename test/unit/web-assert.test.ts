import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as webAssert from '../vscode/web/assert';

/**
 * The web-worker host's stand-in for node:assert/strict (test/vscode/web/assert.ts) passes and fails exactly
 * where node's own module does, on values of the kinds the extension-host suites compare and on the corners
 * of strict deep equality.
 */
const cyclic = (): object => {
  const value: Record<string, unknown> = { name: 'loop' };
  value['self'] = value;
  return value;
};
class Point {
  constructor(readonly x: number) {}
}
const symbol = Symbol('key');

const PAIRS: readonly [string, unknown, unknown][] = [
  ['same string', 'a', 'a'],
  ['different strings', 'a', 'b'],
  ['number and its string', 1, '1'],
  ['NaN and NaN', NaN, NaN],
  ['0 and -0', 0, -0],
  ['null and undefined', null, undefined],
  ['true and 1', true, 1],
  ['equal arrays', ['1:1-2:3 missing-resource', 'x'], ['1:1-2:3 missing-resource', 'x']],
  ['arrays in another order', [1, 2], [2, 1]],
  ['array and a longer one', [1], [1, undefined]],
  ['sparse array and undefined', [, 1], [undefined, 1]], // eslint-disable-line no-sparse-arrays
  ['nested objects', { a: { b: [1, { c: 'd' }] } }, { a: { b: [1, { c: 'd' }] } }],
  ['nested objects differing deep down', { a: { b: [1, { c: 'd' }] } }, { a: { b: [1, { c: 'e' }] } }],
  ['keys in another order', { a: 1, b: 2 }, { b: 2, a: 1 }],
  ['a missing key and an undefined one', { a: 1 }, { a: 1, b: undefined }],
  ['object and array', {}, []],
  ['plain object and a class instance', { x: 1 }, new Point(1)],
  ['two class instances', new Point(1), new Point(1)],
  ['object with no prototype', Object.create(null), {}],
  ['equal dates', new Date(5), new Date(5)],
  ['different dates', new Date(5), new Date(6)],
  ['equal regular expressions', /a/g, /a/g],
  ['regular expressions with other flags', /a/g, /a/i],
  ['equal maps', new Map([['a', { b: 1 }]]), new Map([['a', { b: 1 }]])],
  ['maps with different values', new Map([['a', 1]]), new Map([['a', 2]])],
  ['equal sets of objects', new Set([{ a: 1 }, { b: 2 }]), new Set([{ b: 2 }, { a: 1 }])],
  ['different sets', new Set([1, 2]), new Set([1, 3])],
  ['equal byte arrays', new Uint8Array([1, 2]), new Uint8Array([1, 2])],
  ['different byte arrays', new Uint8Array([1, 2]), new Uint8Array([1, 3])],
  ['symbol keys', { [symbol]: 1 }, { [symbol]: 1 }],
  ['different symbol keys', { [symbol]: 1 }, { [symbol]: 2 }],
  ['cyclic structures', cyclic(), cyclic()],
  ['errors with the same message', new Error('x'), new Error('x')],
  ['errors with other messages', new Error('x'), new Error('y')],
];

function outcome(run: () => void): string {
  try {
    run();
    return 'passes';
  } catch (error) {
    return (error as Error).name === 'AssertionError' ? 'fails' : `throws ${(error as Error).name}`;
  }
}

test('deepEqual, notDeepEqual, equal and notEqual agree with node:assert/strict', () => {
  for (const [what, actual, expected] of PAIRS) {
    assert.equal(outcome(() => webAssert.deepEqual(actual, expected)), outcome(() => assert.deepEqual(actual, expected)), `deepEqual: ${what}`);
    assert.equal(outcome(() => webAssert.notDeepEqual(actual, expected)), outcome(() => assert.notDeepEqual(actual, expected)), `notDeepEqual: ${what}`);
    assert.equal(outcome(() => webAssert.equal(actual, expected)), outcome(() => assert.equal(actual, expected)), `equal: ${what}`);
    assert.equal(outcome(() => webAssert.notEqual(actual, expected)), outcome(() => assert.notEqual(actual, expected)), `notEqual: ${what}`);
  }
});

test('ok, match, doesNotMatch and fail agree with node:assert/strict', () => {
  for (const value of [true, 1, 'x', {}, [], false, 0, '', null, undefined, NaN]) {
    assert.equal(outcome(() => webAssert.ok(value)), outcome(() => assert.ok(value)), `ok(${String(value)})`);
  }
  const texts: readonly [string, RegExp][] = [
    ['AWS:SourceAccount', /SourceAccount/],
    ['AWS:SourceAccount', /^SourceAccount/],
    ['', /x?/],
    ['abc', /b/g],
  ];
  // A fresh expression for each call: a global one keeps its lastIndex from one test() to the next.
  for (const [text, { source, flags }] of texts) {
    const fresh = () => new RegExp(source, flags);
    assert.equal(outcome(() => webAssert.match(text, fresh())), outcome(() => assert.match(text, fresh())), `match ${text} /${source}/${flags}`);
    assert.equal(outcome(() => webAssert.doesNotMatch(text, fresh())), outcome(() => assert.doesNotMatch(text, fresh())), `doesNotMatch ${text} /${source}/${flags}`);
  }
  assert.equal(outcome(() => webAssert.fail('no')), 'fails');
});

test('rejects agrees with node:assert/strict', async () => {
  const settle = async (run: () => Promise<void>) => run().then(() => 'passes', (error: Error) => (error.name === 'AssertionError' ? 'fails' : `throws ${error.message}`));
  const boom = () => Promise.reject(new TypeError('boom'));
  const fine = () => Promise.resolve(1);
  const cases: readonly [string, () => Promise<unknown>, ((error: unknown) => boolean) | undefined][] = [
    ['a rejection', boom, undefined],
    ['a fulfilment', fine, undefined],
    ['a rejection the validator accepts', boom, (error) => error instanceof TypeError],
    ['a rejection the validator refuses', boom, (error) => error instanceof RangeError],
  ];
  for (const [what, make, validate] of cases) {
    const byNode = () => (validate ? assert.rejects(make(), validate) : assert.rejects(make()));
    assert.equal(await settle(() => webAssert.rejects(make(), validate)), await settle(byNode), what);
  }
  // A validator that throws passes its own error on, in both.
  const throwing = () => {
    throw new Error('from the validator');
  };
  assert.equal(await settle(() => webAssert.rejects(boom(), throwing)), 'throws from the validator');
  assert.equal(await settle(() => assert.rejects(boom(), throwing)), 'throws from the validator');
});

test('a failure carries the given message, or one that shows both values', () => {
  assert.throws(() => webAssert.equal(1, 2, 'one is not two'), { name: 'AssertionError', message: 'one is not two', actual: 1, expected: 2 });
  assert.throws(() => webAssert.deepEqual(['a'], ['b']), (error: Error) => /"a"/.test(error.message) && /"b"/.test(error.message));
  const own = new TypeError('mine');
  assert.throws(() => webAssert.ok(false, own), (error) => error === own);
});
