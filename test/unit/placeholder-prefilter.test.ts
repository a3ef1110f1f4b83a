import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MIGHT_HOLD_PLACEHOLDER, mightHoldPlaceholder } from '../../src/policy/placeholders';
import { mulberry32 } from '../support/random';

/** mightHoldPlaceholder tests characters instead of running MIGHT_HOLD_PLACEHOLDER: both must say the same of every text. */
test('mightHoldPlaceholder answers as the MIGHT_HOLD_PLACEHOLDER pattern does', () => {
  const words = ['region', 'rule_set_name', 'receipt_rule_name', 'myBucket', 'amzn-s3-demo-', 'your', 'yOuR', 'YOUR', 'you', 'regio', 'rule_set_nam', 'mybucket', 'amzn-s3-demo'];
  const samples = [
    '', 'arn:aws:s3:::inbox-1/*', 'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/rules-0:receipt-rule/rule-0', '<id>', 'y', 'yo', 'you',
    'ʏour', 'ｙour', 'y\u014fur', 'yOUr', ...words,
  ];
  const random = mulberry32(11);
  const alphabet = 'abcdemnorsuy_-:/*0123456789ABFKRTYOUeg<>\u014f';
  for (let n = 0; n < 5_000; n++) {
    let text = '';
    while (text.length < 40) {
      text += random() < 0.15 ? words[Math.floor(random() * words.length)] : alphabet[Math.floor(random() * alphabet.length)];
      if (random() < 0.05) break;
    }
    samples.push(text);
  }
  let held = 0;
  for (const text of samples) {
    assert.equal(mightHoldPlaceholder(text), MIGHT_HOLD_PLACEHOLDER.test(text), JSON.stringify(text));
    if (MIGHT_HOLD_PLACEHOLDER.test(text)) held++;
  }
  assert.ok(held > 500 && held < samples.length - 500, `${held} of ${samples.length} samples might hold one: too few of one kind`);
});
