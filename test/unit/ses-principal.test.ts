import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSesLookAlike, principalSkeleton, sesLookAlike } from '../../src/policy/sesPrincipal';
import { mightBeLookAlikePrincipal } from '../../src/policy/prefilter';
import { lintJsonText } from '../../src/formats/json/plainJson';

/** Real service principals, several one edit away from `ses`: none may ever be called an SES look-alike. */
const REAL_PRINCIPALS = [
  'ses.amazonaws.com', 's3.amazonaws.com', 'sns.amazonaws.com', 'sqs.amazonaws.com', 'sts.amazonaws.com',
  'sms.amazonaws.com', 'es.amazonaws.com', 'ssm.amazonaws.com', 'logging.s3.amazonaws.com',
  'delivery.logs.amazonaws.com', 'cloudtrail.amazonaws.com', 'lambda.amazonaws.com', 'events.amazonaws.com',
  'workmail.amazonaws.com', 'pinpoint.amazonaws.com', 'firehose.amazonaws.com', 'logs.us-east-1.amazonaws.com',
  'elasticloadbalancing.amazonaws.com', 'config.amazonaws.com', 'ec2.amazonaws.com.cn', 'states.amazonaws.com',
];

test('real service principals are not SES look-alikes', () => {
  for (const principal of REAL_PRINCIPALS) {
    assert.equal(isSesLookAlike(principal), false, principal);
    assert.equal(mightBeLookAlikePrincipal(principal), false, principal);
  }
});

test('look-alikes of ses.amazonaws.com are recognised', () => {
  const lookAlikes = [
    'ses.amazon.com', 'email.amazonaws.com', 'email.us-east-1.amazonaws.com', 'ses.us-east-1.amazonaws.com',
    'ses.amazonaws.com.cn', 'sse.amazonaws.com', 'SES.amazonaws.com', ' ses.amazonaws.com', 'ses.amazonaws.com\t',
    '\u0455\u0435\u0455.amazonaws.com', 'ses.am\u0430zonaws.com', 'ses\u200b.amazonaws.com', '\uff53es.amazonaws.com',
  ];
  for (const principal of lookAlikes) assert.equal(isSesLookAlike(principal), true, JSON.stringify(principal));
});

test('the note says why a principal that renders as SES differs', () => {
  assert.match(sesLookAlike('\u0455es.amazonaws.com')!, /look-alike character U\+0455/);
  assert.match(sesLookAlike('ses\u200b.amazonaws.com')!, /invisible character U\+200B/);
  assert.match(sesLookAlike('ses.amazonaws.com ')!, /whitespace/);
  assert.match(sesLookAlike('Ses.amazonaws.com')!, /lower-case/);
  assert.equal(sesLookAlike('ses.amazon.com'), '');
  assert.equal(principalSkeleton('\u0405\u0415\u0405.AMAZONAWS.COM.'), 'ses.amazonaws.com');
});

test('a look-alike principal without a grant action is not reported', () => {
  const policy = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ses.amazon.com' }, Action: 'ses:SendEmail', Resource: '*' }],
  };
  assert.deepEqual(lintJsonText(JSON.stringify(policy), { strict: true }).findings, []);
});

test('a look-alike principal hidden from the text prefilter by a Cyrillic a is still linted', () => {
  const policy = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ses.am\u0430zonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::inbox/*' }],
  };
  const ids = lintJsonText(JSON.stringify(policy), { strict: true }).findings.map((f) => f.id);
  assert.deepEqual(ids, ['principal-service-unknown']);
});
