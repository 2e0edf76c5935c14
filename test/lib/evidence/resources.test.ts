import { indexResources, parseTemplateBody } from '../../../lib/evidence/resources';
import { refTarget } from '../../../lib/template';
import { stackOf } from './fixtures';

test('a StackSet TemplateBody in YAML is read', () => {
  expect(parseTemplateBody('Resources:\n  Key:\n    Type: AWS::KMS::Key\n')?.Resources).toEqual({ Key: { Type: 'AWS::KMS::Key' } });
});

test('an unreadable TemplateBody yields nothing instead of failing the synth', () => {
  expect(parseTemplateBody('{ "Resources": ')).toBeUndefined();
  expect(parseTemplateBody({ 'Fn::GetAtt': ['X', 'Y'] })).toBeUndefined();
  const stacks = [stackOf({ Set: { Type: 'AWS::CloudFormation::StackSet', Properties: { TemplateURL: 'https://bucket/t.json' } } })];
  expect(indexResources(stacks).map((r) => r.logicalId)).toEqual(['Set']);
});

test('StackSet resources are indexed under the StackSet with the declaring stack', () => {
  const stacks = [stackOf({ Set: { Type: 'AWS::CloudFormation::StackSet', Properties: { TemplateBody: '{"Resources":{"Hub":{"Type":"AWS::SecurityHub::Hub"}}}' } } })];
  expect(indexResources(stacks).map((r) => [r.logicalId, r.type, r.stackSet])).toEqual([
    ['Set', 'AWS::CloudFormation::StackSet', undefined],
    ['Set/Hub', 'AWS::SecurityHub::Hub', 'Set'],
  ]);
});

test('Ref and GetAtt (array or dotted) name their target; literals do not', () => {
  expect(refTarget({ Ref: 'Vpc' })).toBe('Vpc');
  expect(refTarget({ 'Fn::GetAtt': ['Key', 'Arn'] })).toBe('Key');
  expect(refTarget({ 'Fn::GetAtt': 'Key.Arn' })).toBe('Key');
  expect(refTarget('vpc-123')).toBeUndefined();
});
