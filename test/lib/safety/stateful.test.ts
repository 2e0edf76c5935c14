import type { CfnTemplate } from '../../../lib/template';
import { complianceReport } from '../../../lib/evidence/compliance';
import { checkSafety, isStateful, statefulChanges } from '../../../lib/safety/stateful';

const STACK = 'acme-log-archive-security-log-eu-west-1';
const bucket = (name: string) => ({
  Type: 'AWS::S3::Bucket',
  Properties: { BucketName: name },
  DeletionPolicy: 'Retain',
  UpdateReplacePolicy: 'Retain',
});
const before: CfnTemplate = { Resources: { ArchiveBucket1A2B3C4D: bucket('acme-log-archive'), Queue: { Type: 'AWS::SQS::Queue' } } };
/** The same bucket after its construct ID was renamed: a new logical ID. */
const renamed: CfnTemplate = { Resources: { LogArchiveBucket5E6F7A8B: bucket('acme-log-archive'), Queue: { Type: 'AWS::SQS::Queue' } } };

test('a renamed bucket construct ID fails the guard, naming stack, logical ID and type', () => {
  const result = checkSafety({ released: { [STACK]: before }, current: { [STACK]: renamed }, allow: [] });
  expect(result.failures).toHaveLength(1);
  expect(result.failures[0]).toMatchObject({ stack: STACK, logicalId: 'ArchiveBucket1A2B3C4D', type: 'AWS::S3::Bucket', impact: 'WILL_ORPHAN' });
  expect(result.failures[0].message).toMatch(
    /^acme-log-archive-security-log-eu-west-1\/ArchiveBucket1A2B3C4D \(AWS::S3::Bucket\) would be orphaned .*a changed construct ID changes the logical ID/,
  );
});

test('an allowlisted replacement passes and carries its reason', () => {
  const allow = [{ stack: STACK, logicalId: 'ArchiveBucket1A2B3C4D', reason: 'Archive moved to the new bucket construct; objects copied in release 2.0' }];
  const result = checkSafety({ released: { [STACK]: before }, current: { [STACK]: renamed }, allow });
  expect(result.failures).toEqual([]);
  expect(result.allowed).toEqual([expect.objectContaining({ logicalId: 'ArchiveBucket1A2B3C4D', reason: allow[0].reason })]);
  expect(result.unusedAllowances).toEqual([]);
});

test('an allowlist entry for another stack does not excuse the change, and is reported unused', () => {
  const allow = [{ stack: 'other-stack', logicalId: 'ArchiveBucket1A2B3C4D', reason: 'Wrong stack: must not excuse the change' }];
  const result = checkSafety({ released: { [STACK]: before }, current: { [STACK]: renamed }, allow });
  expect(result.failures).toHaveLength(1);
  expect(result.unusedAllowances).toEqual(allow);
});

test('a changed BucketName replaces the bucket and names the property', () => {
  const changed: CfnTemplate = { Resources: { ...before.Resources, ArchiveBucket1A2B3C4D: bucket('acme-logs') } };
  const [finding] = statefulChanges(STACK, before, changed);
  expect(finding).toMatchObject({ impact: 'WILL_REPLACE', type: 'AWS::S3::Bucket' });
  expect(finding.message).toContain('property BucketName "acme-log-archive" → "acme-logs" forces it');
});

test('a deleted, non-retained key is destroyed; a removed stack counts too', () => {
  const key: CfnTemplate = { Resources: { Key: { Type: 'AWS::KMS::Key', Properties: {} } } };
  expect(statefulChanges(STACK, key, { Resources: {} })[0]).toMatchObject({ impact: 'WILL_DESTROY', logicalId: 'Key' });
  expect(statefulChanges(STACK, key, undefined)[0].message).toMatch(/its stack is no longer in the app/);
});

test('stateless resources may change freely; in-place updates of stateful ones pass', () => {
  const tagged: CfnTemplate = {
    Resources: { ArchiveBucket1A2B3C4D: { ...bucket('acme-log-archive'), Properties: { BucketName: 'acme-log-archive', Tags: [{ Key: 'a', Value: 'b' }] } } },
  };
  expect(statefulChanges(STACK, before, tagged)).toEqual([]);
});

test('an SNS topic is stateful only when someone subscribes', () => {
  const topic: CfnTemplate = { Resources: { Topic: { Type: 'AWS::SNS::Topic' } } };
  const subscribed: CfnTemplate = {
    Resources: { Topic: { Type: 'AWS::SNS::Topic' }, Sub: { Type: 'AWS::SNS::Subscription', Properties: { TopicArn: { Ref: 'Topic' }, Protocol: 'email' } } },
  };
  expect(isStateful(topic, 'Topic')).toBe(false);
  expect(isStateful(subscribed, 'Topic')).toBe(true);
});

test('a control implemented in the release and missing now fails', () => {
  const scp: CfnTemplate = {
    Resources: {
      P: { Type: 'AWS::Organizations::Policy', Properties: { Type: 'SERVICE_CONTROL_POLICY', Content: { Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }] } } },
    },
  };
  const result = checkSafety({
    released: {},
    current: {},
    allow: [],
    releasedCompliance: complianceReport([{ stackPath: 'org', template: scp }]),
    currentCompliance: complianceReport([{ stackPath: 'org', template: { Resources: {} } }]),
  });
  expect(result.failures.map((f) => f.message)).toEqual([
    'control SCP stay-in-organization is implemented in the release and now missing: restore it, or refresh the release at release if its removal is intended',
  ]);
});
