import { Stack, Validations } from 'aws-cdk-lib';
import { collectAcknowledgments, vagueAcknowledgments } from '../../../lib/checks/acknowledgments';
import { buildApp } from '../../helpers';

test('acknowledgments are collected with their construct path, rule and reason', () => {
  const stack = new Stack(undefined, 'S');
  Validations.of(stack).acknowledge({ id: 'AwsSolutions-IAM5[Action::s3:*]', reason: 'Replication role must copy every object of the source bucket.' });
  expect(collectAcknowledgments(stack)).toEqual([
    { path: 'S', ruleId: 'AwsSolutions-IAM5[Action::s3:*]', reason: 'Replication role must copy every object of the source bucket.' },
  ]);
});

test('a stock-phrase or short reason is vague; a specific one is not', () => {
  const acks = [
    { path: 'S/A', ruleId: 'AwsSolutions-L1', reason: 'custom resource' },
    { path: 'S/B', ruleId: 'AwsSolutions-L1', reason: 'not needed' },
    { path: 'S/C', ruleId: 'AwsSolutions-L1', reason: 'The provider framework pins its own runtime; our handler runs on nodejs22.x.' },
  ];
  expect(vagueAcknowledgments(acks).map((a) => a.path)).toEqual(['S/A', 'S/B']);
});

test('a vague acknowledgment fails the synth, naming the construct', () => {
  const { app, lz } = buildApp();
  Validations.of(lz.organization).acknowledge({ id: 'AwsSolutions-S1', reason: 'custom resource' });
  expect(() => app.synth()).toThrow(/acknowledgment of AwsSolutions-S1 has reason "custom resource"[\s\S]*LZ-AcknowledgmentReason/);
});
