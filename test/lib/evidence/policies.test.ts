import { actionMatches, conditionValues, denies, parseDocument, statementsOf } from '../../../lib/evidence/policies';

test('IAM wildcards match case-insensitively; other actions do not match', () => {
  expect(actionMatches('guardduty:Disassociate*', 'guardduty:DisassociateFromAdministratorAccount')).toBe(true);
  expect(actionMatches('s3:*', 'S3:PutAccountPublicAccessBlock')).toBe(true);
  expect(actionMatches('ec2:Create?efaultVpc', 'ec2:CreateDefaultVpc')).toBe(true);
  expect(actionMatches('ec2:CreateVolume', 'ec2:CreateVolumePermission')).toBe(false);
});

test('a Deny covers listed actions, and everything a NotAction does not list', () => {
  expect(denies({ Effect: 'Deny', Action: ['cloudtrail:StopLogging'] }, 'cloudtrail:StopLogging')).toBe(true);
  expect(denies({ Effect: 'Allow', Action: ['cloudtrail:StopLogging'] }, 'cloudtrail:StopLogging')).toBe(false);
  expect(denies({ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'] }, 'ec2:RunInstances')).toBe(true);
  expect(denies({ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'] }, 'iam:CreateRole')).toBe(false);
});

test('documents given as JSON text are parsed; broken text yields no statements', () => {
  expect(statementsOf('{"Statement":{"Effect":"Deny","Action":"*"}}')).toEqual([{ Effect: 'Deny', Action: '*' }]);
  expect(parseDocument('{not json')).toBeUndefined();
  expect(statementsOf('{not json')).toEqual([]);
});

test('condition values are found whatever the key casing', () => {
  const s = { Effect: 'Deny', Condition: { ArnLike: { 'AWS:PrincipalArn': ['arn:aws:iam::*:root'] } } };
  expect(conditionValues(s, 'aws:PrincipalArn')).toEqual(['arn:aws:iam::*:root']);
  expect(conditionValues(s, 'aws:SourceArn')).toEqual([]);
});

test('a document rendered as Fn::Join around tokens is read, tokens standing in for their values', () => {
  const doc = { 'Fn::Join': ['', ['{"Statement":[{"Effect":"Deny","Action":"kms:DisableKey","Resource":"arn:aws:kms:*:', { Ref: 'AWS::AccountId' }, ':key/*"}]}']] };
  expect(statementsOf(doc)).toEqual([{ Effect: 'Deny', Action: 'kms:DisableKey', Resource: 'arn:aws:kms:*:TOKEN:key/*' }]);
});
