import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { CfnLogGroup, LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { logsEncryptionKey } from '../../../../constructs/core/logs-key';
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

describe('the one custom-resource pattern', () => {
  const build = () => {
    const stack = new Stack(undefined, 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
    const cr = new ControlPlaneCustomResource(stack, 'Calls', {
      entry: ENTRY,
      purpose: 'Test handler',
      resourceType: 'Custom::Test',
      statements: [new PolicyStatement({ actions: ['inspector2:ListMembers'], resources: ['*'] })],
    });
    return { stack, cr };
  };

  test('handler and provider framework run as one role with customer-managed policies only (no inline, no AWS managed policy)', () => {
    const { stack } = build();
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::IAM::Policy', 0);
    t.resourceCountIs('AWS::IAM::Role', 1);
    const [role] = Object.keys(t.findResources('AWS::IAM::Role'));
    expect(Object.values<any>(t.findResources('AWS::IAM::Role'))[0].Properties.ManagedPolicyArns).toBeUndefined();
    const functions = Object.values<any>(t.findResources('AWS::Lambda::Function'));
    expect(functions).toHaveLength(2);
    for (const fn of functions) expect(fn.Properties.Role).toEqual({ 'Fn::GetAtt': [role, 'Arn'] });
    t.resourceCountIs('AWS::IAM::ManagedPolicy', 2);
  });

  test('addResource puts more resources of the type behind the same provider, in any scope', () => {
    const { stack, cr } = build();
    cr.addResource('One', { N: 1 });
    cr.addResource('Two', { N: 2 }, stack);
    const t = Template.fromStack(stack);
    const resources = t.findResources('Custom::Test');
    expect(Object.keys(resources)).toEqual([expect.stringMatching(/^CallsOne/), expect.stringMatching(/^Two/)]);
    const tokens = new Set(Object.values<any>(resources).map((r) => JSON.stringify(r.Properties.ServiceToken)));
    expect(tokens.size).toBe(1);
    expect(() => cr.resource).toThrow(/ControlPlaneCustomResource S\/Calls:[\s\S]*created without properties/);
  });

  test('a caller-supplied key and log-group ID keep a released log group\'s logical ID and key', () => {
    const stack = new Stack(undefined, 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
    const released = new Construct(stack, 'Execution');
    const key = logsEncryptionKey(released, 'LogKey', 'released key');
    new ControlPlaneCustomResource(released, 'Default', {
      entry: ENTRY,
      purpose: 'Released handler',
      resourceType: 'Custom::Released',
      properties: {},
      statements: [new PolicyStatement({ actions: ['inspector2:ListMembers'], resources: ['*'] })],
      logKey: key,
      handlerLogsId: 'Logs',
    });
    const t = Template.fromStack(stack);
    // `Default` is hidden from logical IDs, so Execution/Default/Logs has the ID Execution/Logs had.
    const reference = new Stack();
    const releasedLogs = new LogGroup(new Construct(reference, 'Execution'), 'Logs');
    const expectedId = reference.getLogicalId(releasedLogs.node.defaultChild as CfnLogGroup);
    t.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
    expect(Object.keys(t.findResources('AWS::Logs::LogGroup'))).toContain(expectedId);
    expect(t.toJSON().Resources[expectedId].Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ExecutionLogKey/), 'Arn'] });
    t.resourceCountIs('AWS::KMS::Key', 1);
  });
});

test('the handler is bundled with esbuild into one minified file that leaves the AWS SDK to the runtime', () => {
  // Test setup turns bundling off for speed (test/setup-env.js); turn it back on for this app only.
  const app = new App({ postCliContext: { 'aws:cdk:bundling-stacks': ['**'] } });
  const stack = new Stack(app, 'Bundled', { env: { account: '111111111111', region: 'eu-west-1' } });
  const cr = new ControlPlaneCustomResource(stack, 'Members', {
    entry: ENTRY,
    purpose: 'Inspector organization handler',
    resourceType: 'Custom::InspectorMembers',
    properties: {},
    statements: [new PolicyStatement({ actions: ['inspector2:ListMembers'], resources: ['*'] })],
    wildcardReason: 'inspector2:ListMembers has no resource type',
  });
  const assembly = app.synth();
  expect(cr.handler).toBeDefined();
  // The handler's asset is the staged folder whose one file is the bundle of ENTRY.
  const dirs = fs.readdirSync(assembly.directory).filter((d) => d.startsWith('asset.')).map((d) => path.join(assembly.directory, d));
  const dir = dirs.find((d) => fs.existsSync(path.join(d, 'index.js')) && fs.readFileSync(path.join(d, 'index.js'), 'utf8').includes('@aws-sdk/client-inspector2'))!;
  const bundle = fs.readFileSync(path.join(dir, 'index.js'), 'utf8');
  expect(fs.readdirSync(dir)).toEqual(['index.js']);
  expect(bundle).toMatch(/require\("@aws-sdk\/client-inspector2"\)/);
  expect(bundle.split('\n').length).toBeLessThan(5);
});
