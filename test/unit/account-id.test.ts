import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT_ID, isAccountId } from '../../src/policy/aws/accounts';
import { mulberry32 } from '../support/random';

/** isAccountId tests characters instead of running ACCOUNT_ID: both must say the same of every text. */
test('isAccountId answers as the ACCOUNT_ID pattern does', () => {
  const samples = [
    '', '111122223333', '11112222333', '1111222233334', ' 111122223333', '111122223333 ', '111122223333\n',
    '11112222333a', '١١١١٢٢٢٢٣٣٣٣', '１１１１２２２２３３３３', '111122223333'.replace('3', '/'), '111122223333'.replace('1', ':'),
  ];
  const random = mulberry32(13);
  const alphabet = '0123456789/:a ٠';
  for (let n = 0; n < 2_000; n++) {
    const length = 10 + Math.floor(random() * 5);
    let text = '';
    for (let i = 0; i < length; i++) text += random() < 0.9 ? String(Math.floor(random() * 10)) : alphabet[Math.floor(random() * alphabet.length)];
    samples.push(text);
  }
  let accepted = 0;
  for (const text of samples) {
    assert.equal(isAccountId(text), ACCOUNT_ID.test(text), JSON.stringify(text));
    if (ACCOUNT_ID.test(text)) accepted++;
  }
  assert.ok(accepted > 100, `only ${accepted} account ids among the samples`);
});
