// `node:assert/strict` for the web-worker extension host, where there is no Node: the web runner bundles the
// suites with this module in its place. It has the part of the API the suites use, with node's strict
// semantics (Object.is for primitives, same prototypes, own enumerable keys); test/unit/web-assert.test.ts
// holds it to node's own module on the same cases.

export class AssertionError extends Error {
  override readonly name = 'AssertionError';
  readonly code = 'ERR_ASSERTION';
  constructor(
    message: string,
    readonly actual: unknown,
    readonly expected: unknown,
    readonly operator: string,
  ) {
    super(message);
  }
}

type Message = string | Error | undefined;

function failWith(message: Message, fallback: () => string, actual: unknown, expected: unknown, operator: string): never {
  if (message instanceof Error) throw message;
  throw new AssertionError(message ?? fallback(), actual, expected, operator);
}

/** A short, readable form of a value for failure messages. */
function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return `[Function ${value.name || 'anonymous'}]`;
  if (value instanceof RegExp || value instanceof Error) return String(value);
  try {
    const text = JSON.stringify(value, (_key, inner: unknown) => (inner === undefined ? '<undefined>' : inner), 2);
    return text === undefined ? String(value) : text;
  } catch {
    return String(value);
  }
}

export function ok(value: unknown, message?: Message): asserts value {
  if (!value) failWith(message, () => `The expression evaluated to a falsy value: ${show(value)}`, value, true, '==');
}

export function equal<T>(actual: unknown, expected: T, message?: Message): asserts actual is T {
  if (!Object.is(actual, expected)) failWith(message, () => `Expected values to be strictly equal:\n${show(actual)} !== ${show(expected)}`, actual, expected, 'strictEqual');
}

export function notEqual(actual: unknown, expected: unknown, message?: Message): void {
  if (Object.is(actual, expected)) failWith(message, () => `Expected "actual" to be strictly unequal to: ${show(expected)}`, actual, expected, 'notStrictEqual');
}

export function deepEqual<T>(actual: unknown, expected: T, message?: Message): asserts actual is T {
  if (!isDeepStrictEqual(actual, expected, [])) {
    failWith(message, () => `Expected values to be strictly deep-equal:\nactual:   ${show(actual)}\nexpected: ${show(expected)}`, actual, expected, 'deepStrictEqual');
  }
}

export function notDeepEqual(actual: unknown, expected: unknown, message?: Message): void {
  if (isDeepStrictEqual(actual, expected, [])) failWith(message, () => `Expected "actual" not to be strictly deep-equal to: ${show(expected)}`, actual, expected, 'notDeepStrictEqual');
}

export function match(value: string, pattern: RegExp, message?: Message): void {
  if (typeof value !== 'string') failWith(message, () => `The "string" argument must be of type string. Received ${show(value)}`, value, pattern, 'match');
  if (!pattern.test(value)) failWith(message, () => `The input did not match the regular expression ${String(pattern)}. Input:\n${show(value)}`, value, pattern, 'match');
}

export function doesNotMatch(value: string, pattern: RegExp, message?: Message): void {
  if (typeof value !== 'string') failWith(message, () => `The "string" argument must be of type string. Received ${show(value)}`, value, pattern, 'doesNotMatch');
  if (pattern.test(value)) failWith(message, () => `The input was expected to not match the regular expression ${String(pattern)}. Input:\n${show(value)}`, value, pattern, 'doesNotMatch');
}

/** Awaits `promise` (or what `fn` returns) and passes when it rejects, and `validate` (if given) returns true for the reason. */
export async function rejects(promise: Promise<unknown> | (() => Promise<unknown>), validate?: (error: unknown) => boolean, message?: Message): Promise<void> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (validate && validate(error) !== true) {
      failWith(message, () => `The "validate" function is expected to return "true". Received ${show(validate(error))}`, error, validate, 'rejects');
    }
    return;
  }
  failWith(message, () => 'Missing expected rejection.', undefined, validate, 'rejects');
}

export function fail(message?: Message): never {
  return failWith(message, () => 'Failed', undefined, undefined, 'fail');
}

export { deepEqual as deepStrictEqual, equal as strictEqual, notDeepEqual as notDeepStrictEqual, notEqual as notStrictEqual };

/** Pairs already being compared, so that cyclic structures end (as node does). */
type Seen = [object, object][];

function isDeepStrictEqual(actual: unknown, expected: unknown, seen: Seen): boolean {
  if (Object.is(actual, expected)) return true;
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) return false;
  if (Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) return false;
  if (Object.prototype.toString.call(actual) !== Object.prototype.toString.call(expected)) return false;
  if (seen.some(([a, e]) => a === actual && e === expected)) return true;
  const inner: Seen = [...seen, [actual, expected]];
  if (actual instanceof Date) return Object.is(actual.getTime(), (expected as Date).getTime());
  if (actual instanceof RegExp) return String(actual) === String(expected) && actual.lastIndex === (expected as RegExp).lastIndex;
  if (actual instanceof Map) return sameMap(actual, expected as Map<unknown, unknown>, inner);
  if (actual instanceof Set) return sameSet(actual, expected as Set<unknown>, inner);
  if (ArrayBuffer.isView(actual)) return sameBytes(actual, expected as ArrayBufferView);
  if (actual instanceof Error && (actual.message !== (expected as Error).message || actual.name !== (expected as Error).name)) return false;
  return sameOwnProperties(actual, expected, inner);
}

function sameOwnProperties(actual: object, expected: object, seen: Seen): boolean {
  const keysOf = (value: object): PropertyKey[] => [
    ...Object.keys(value),
    ...Object.getOwnPropertySymbols(value).filter((symbol) => Object.prototype.propertyIsEnumerable.call(value, symbol)),
  ];
  const actualKeys = keysOf(actual);
  const expectedKeys = keysOf(expected);
  if (actualKeys.length !== expectedKeys.length) return false;
  const record = (value: object) => value as Record<PropertyKey, unknown>;
  return expectedKeys.every(
    (key) => Object.prototype.propertyIsEnumerable.call(actual, key) && isDeepStrictEqual(record(actual)[key], record(expected)[key], seen),
  );
}

function sameMap(actual: Map<unknown, unknown>, expected: Map<unknown, unknown>, seen: Seen): boolean {
  if (actual.size !== expected.size) return false;
  for (const [key, value] of actual) {
    if (!expected.has(key) || !isDeepStrictEqual(value, expected.get(key), seen)) return false;
  }
  return sameOwnProperties(actual, expected, seen);
}

function sameSet(actual: Set<unknown>, expected: Set<unknown>, seen: Seen): boolean {
  if (actual.size !== expected.size) return false;
  // Objects in sets match by deep equality, each at most once.
  const unmatched = [...expected].filter((value) => !actual.has(value));
  for (const value of actual) {
    if (expected.has(value)) continue;
    const at = unmatched.findIndex((candidate) => isDeepStrictEqual(value, candidate, seen));
    if (at === -1) return false;
    unmatched.splice(at, 1);
  }
  return unmatched.length === 0 && sameOwnProperties(actual, expected, seen);
}

function sameBytes(actual: ArrayBufferView, expected: ArrayBufferView): boolean {
  if (actual.byteLength !== expected.byteLength) return false;
  const a = new Uint8Array(actual.buffer, actual.byteOffset, actual.byteLength);
  const e = new Uint8Array(expected.buffer, expected.byteOffset, expected.byteLength);
  return a.every((byte, index) => byte === e[index]);
}
