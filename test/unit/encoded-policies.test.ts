import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../src/formats';
import { decodeJsonString } from '../../src/formats/embedded/jsonString';
import { decodeYamlScalar } from '../../src/formats/embedded/yamlString';
import { parseYaml } from '../../src/formats/yaml/yamlTree';
import { lintFileText } from '../../src/cli/lintText';
import type { Finding } from '../../src/policy/findings';
import { isObject, property, type TreeNode } from '../../src/policy/tree';
import { mulberry32 } from '../support/random';

/** Policies written as a JSON string (API output, CloudFormation strings): read through the string's escapes. */

const GRANT = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'ses',
      Effect: 'Allow',
      Principal: { Service: 'ses.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: 'arn:aws:lambda:us-east-1:111122223333:function:mail',
    },
  ],
};

function spanText(text: string, finding: Finding): string {
  return text.slice(finding.span.offset, finding.span.offset + finding.span.length);
}

test('decodeJsonString decodes like JSON.parse and maps each character to its escape sequence', () => {
  const random = mulberry32(11);
  const alphabet = ['a', 'Z', ' ', '"', '\\', '/', '\n', '\t', '\b', '\u00e9', '\u2028', '\ud83d\ude00', '{', '\u0001'];
  for (let round = 0; round < 300; round++) {
    let value = '';
    const length = Math.floor(random() * 30);
    for (let i = 0; i < length; i++) value += alphabet[Math.floor(random() * alphabet.length)];
    // Escape `/` and non-ASCII sometimes, as other serializers do.
    const literal = JSON.stringify(value).replace(/[\u00e9/]/g, (c) => (random() < 0.5 ? (c === '/' ? '\\/' : '\\u00e9') : c));
    const text = `{"Policy": ${literal}}`;
    const start = text.indexOf(literal);
    const decoded = decodeJsonString(text, start, start + literal.length);
    assert.ok(decoded, literal);
    assert.equal(decoded.value, JSON.parse(literal), literal);
    // Every decoded character's outer span, decoded on its own, is that character again.
    for (let i = 0; i < decoded.value.length; i++) {
      const span = decoded.map.spanToOuter({ offset: i, length: 1 });
      const piece = JSON.parse(`"${text.slice(span.offset, span.offset + span.length)}"`) as string;
      assert.ok(piece.includes(decoded.value[i]!), `${literal} at ${i}: ${piece}`);
    }
  }
  assert.equal(decodeJsonString('"\\x41"', 0, 6), undefined, 'an invalid escape is no JSON string');
  assert.equal(decodeJsonString('"abc', 0, 4), undefined);
});

test('YAML string scalars decode to the value the YAML reader gives, with a map through their quoting', () => {
  const text = [
    'a: |',
    '  {"Effect": "Allow",',
    '   "Action": "s3:PutObject"}',
    "b: '{\"Effect\": ''Allow''}'",
    'c: "{\\"Effect\\": \\"Allow\\",\\n \\u0041: 1}"',
    "d: '{\"Effect\":",
    "    \"Allow\"}'",
    'e: >',
    '  {"Effect":',
    '  "Allow"}',
    '',
  ].join('\n');
  const root = parseYaml(text).root;
  assert.ok(isObject(root));
  for (const key of ['a', 'b', 'c', 'd', 'e']) {
    const node: TreeNode = property(root, key)!.value;
    assert.ok(node.type === 'scalar' && typeof node.value === 'string', key);
    const decoded = decodeYamlScalar(text, node.span, node.value);
    assert.equal(decoded.value, node.value, key);
    const at = decoded.value.indexOf('Allow');
    const span = decoded.map.spanToOuter({ offset: at, length: 5 });
    const outer = text.slice(span.offset, span.offset + span.length);
    // Folded blocks get a coarse map: the whole scalar; every other style points at the word itself.
    if (key === 'e') assert.equal(span.offset, node.span.offset, key);
    else assert.equal(outer, 'Allow', key);
  }
});

test('get-policy output: findings point inside the Policy string, at the escaped text', () => {
  const text = JSON.stringify({ Policy: JSON.stringify(GRANT), RevisionId: 'e9b2c0f6' }, null, 4);
  const { findings, file } = lintText(text, { fileName: 'get-policy.json' }, { strict: true });
  assert.deepEqual(findings.map((f) => f.id), ['lambda-missing-source-conditions']);
  assert.equal(spanText(text, findings[0]!), '\\"Principal\\":{\\"Service\\":\\"ses.amazonaws.com\\"}');
  assert.equal(file?.embedded?.length, 1);
  assert.equal(file?.embedded?.[0]?.text, JSON.stringify(GRANT));
});

test('SNS get-topic-attributes output: Attributes.Policy is read, other attributes are not', () => {
  const policy = {
    Version: '2008-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ses.amazonaws.com' }, Action: 'SNS:Publish', Resource: 'arn:aws:sns:us-east-1:111122223333:mail' }],
  };
  const text = JSON.stringify(
    { Attributes: { Policy: JSON.stringify(policy), TopicArn: 'arn:aws:sns:us-east-1:111122223333:mail', EffectiveDeliveryPolicy: '{"http":{}}' } },
    null,
    2,
  );
  const { findings } = lintText(text, { fileName: 'topic.json' }, { strict: true });
  assert.deepEqual(findings.map((f) => `${f.id} ${spanText(text, f)}`), [
    'version-legacy-2008 \\"2008-10-17\\"',
    'sns-missing-source-conditions \\"Principal\\":{\\"Service\\":\\"ses.amazonaws.com\\"}',
  ]);
});

test('a function policy with no SES grant, and a Policy string that is no policy, give nothing', () => {
  const s3Only = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: '*' }] };
  for (const text of [
    JSON.stringify({ Policy: JSON.stringify(s3Only) }),
    JSON.stringify({ Policy: 'ses.amazonaws.com' }),
    JSON.stringify({ Policy: ['{"Principal": {"Service": "ses.amazonaws.com"}}'] }),
  ]) {
    assert.deepEqual(lintText(text, { fileName: 'x.json' }, { strict: true }).findings, [], text);
  }
});

test('CloudFormation PolicyDocument and KeyPolicy given as strings, in JSON and YAML templates', () => {
  const bucketPolicy = JSON.stringify({
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ses.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::inbox' }],
  });
  const json = JSON.stringify(
    {
      Resources: {
        Policy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: 'inbox', PolicyDocument: bucketPolicy } },
      },
    },
    null,
    2,
  );
  const fromJson = lintText(json, { fileName: 'stack.json' }, { strict: true }).findings;
  assert.deepEqual(fromJson.map((f) => `${f.id} ${spanText(json, f)}`), [
    'version-missing \\"Statement\\"',
    's3-missing-source-conditions \\"Principal\\":{\\"Service\\":\\"ses.amazonaws.com\\"}',
    's3-resource-not-object-arn \\"arn:aws:s3:::inbox\\"',
  ]);
  const yaml = [
    'Resources:',
    '  Key:',
    '    Type: AWS::KMS::Key',
    '    Properties:',
    '      KeyPolicy: |',
    '        {',
    '          "Version": "2012-10-17",',
    '          "Statement": [{',
    '            "Effect": "Allow",',
    '            "Principal": {"Service": "ses.amazonaws.com"},',
    '            "Action": ["kms:Encrypt", "kms:GenerateDataKey*"],',
    '            "Resource": "*"',
    '          }]',
    '        }',
    '',
  ].join('\n');
  const fromYaml = lintText(yaml, { fileName: 'stack.yaml' }, { strict: true }).findings;
  assert.deepEqual(fromYaml.map((f) => `${f.id} ${spanText(yaml, f)}`), ['kms-missing-source-conditions "Principal": {"Service": "ses.amazonaws.com"}']);
});

test('invalid JSON inside a string is a parse-error at its own place; the file itself is fine', () => {
  const broken = '{"Statement": [{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"} "Action": "s3:PutObject"}]}';
  const text = JSON.stringify({ Policy: broken });
  const { findings } = lintFileText(text, 'get-bucket-policy.json');
  const parseError = findings.find((f) => f.id === 'parse-error');
  assert.ok(parseError);
  assert.equal(parseError.message, 'The file is not valid JSON in this string: comma expected.');
  assert.equal(spanText(text, parseError), '\\"Action\\"');
  // What could be read is still linted.
  assert.ok(findings.some((f) => f.id === 's3-missing-source-conditions'));
});

test('a string holding 10 MB of JSON is read, and the grant at its end is found in place', () => {
  // Long statement ids keep the node count moderate: the size is what the string's decoding and map face.
  const filler = Array.from({ length: 10_000 }, (_, i) => ({
    Sid: `Logs${i}${'x'.repeat(800)}`,
    Effect: 'Allow',
    Principal: { Service: 'logging.s3.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: `arn:aws:s3:::logs-${i}/*`,
    Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
  }));
  const open = { Sid: 'Open', Effect: 'Allow', Principal: { Service: 'ses.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::inbox/*' };
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [...filler, open] }, null, 2);
  assert.ok(policy.length > 10_000_000);
  const text = JSON.stringify({ Policy: policy });
  const { findings } = lintText(text, { fileName: 'big.json' }, { strict: true });
  assert.deepEqual(findings.map((f) => f.id), ['s3-missing-source-conditions']);
  assert.equal(spanText(text, findings[0]!), '\\"Principal\\": {\\n        \\"Service\\": \\"ses.amazonaws.com\\"\\n      }');
});
