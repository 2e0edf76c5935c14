import { App, Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { ServiceManagedStackSet } from '../../../../lib/constructs/baseline/service-managed-stack-set';

function setup() {
  const app = new App();
  const stack = new Stack(app, 'Deployer', { env: { account: '111111111111', region: 'eu-west-1' } });
  const template = new Stack(new Stage(stack, 'Templates'), 'Baseline');
  new Topic(template, 'Topic');
  return { app, stack, template };
}

describe('ServiceManagedStackSet', () => {
  test('embeds the synthesized template and deploys it to the targets with automatic deployment', () => {
    const { stack, template } = setup();
    new ServiceManagedStackSet(stack, 'Set', { stackSetName: 'x', description: 'd', template, organizationalUnitIds: ['ou-ab12-cdef3456'], regions: ['eu-west-1'] });
    const props = Object.values<any>(Template.fromStack(stack).findResources('AWS::CloudFormation::StackSet'))[0].Properties;
    expect(props).toMatchObject({ PermissionModel: 'SERVICE_MANAGED', AutoDeployment: { Enabled: true }, ManagedExecution: { Active: true } });
    expect(Object.values<any>(JSON.parse(props.TemplateBody).Resources).map((r) => r.Type)).toEqual(['AWS::SNS::Topic']);
  });

  test('rejects a template beside the deploying stack, empty targets and empty regions, all at once', () => {
    const { app, stack } = setup();
    const sibling = new Stack(app, 'Sibling');
    expect(
      () => new ServiceManagedStackSet(stack, 'Set', { stackSetName: 'x', description: 'd', template: sibling, organizationalUnitIds: [], regions: [] }),
    ).toThrow(/organizationalUnitIds: \[\] is empty[\s\S]*regions: \[\] is empty[\s\S]*template: "Sibling" must live in its own Stage/);
  });
});
