import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { ControlPlaneCustomResource } from '../../../../lib/constructs/core/control-plane-custom-resource';

const ENTRY = path.join(__dirname, '..', '..', '..', '..', 'lambda', 'inspector-members', 'index.ts');

test('every handler and provider log group of a stack is encrypted with the stack\'s one logs key, and retained', () => {
  const stack = new Stack(undefined, 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
  for (const id of ['First', 'Second']) {
    new ControlPlaneCustomResource(stack, id, {
      entry: ENTRY,
      purpose: `${id} handler`,
      resourceType: `Custom::${id}`,
      properties: {},
      statements: [new PolicyStatement({ actions: ['inspector2:ListMembers'], resources: ['*'] })],
    });
  }
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::KMS::Key', 1);
  const groups = Object.values<any>(template.findResources('AWS::Logs::LogGroup'));
  expect(groups).toHaveLength(4);
  for (const g of groups) {
    expect(g.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^SharedLogsKey/), 'Arn'] });
    expect(g.DeletionPolicy).toBe('Retain');
  }
});
