import { Template } from 'aws-cdk-lib/assertions';
import { CONTAINMENT_ACTIONS } from '../../../lib/config/schema';
import { incidentResponseNames } from '../../../lib/names';
import { buildApp, defaultConfig } from '../../helpers';

const config = defaultConfig();
const names = incidentResponseNames(config);
const { lz } = buildApp(config, { checks: false });
const members = Template.fromStack(lz.incidentResponseMembers);
const stackSet = Object.values<any>(members.findResources('AWS::CloudFormation::StackSet'))[0].Properties;
const body: any = JSON.parse(stackSet.TemplateBody);
const resources = Object.entries<any>(body.Resources);
const ofType = (type: string) => resources.filter(([, r]) => r.Type === type).map(([, r]) => r);

describe('incident-response StackSet (management account, home region)', () => {
  test('a second service-managed StackSet, beside the account baseline, to the whole organization in every governed region, home first', () => {
    expect([lz.incidentResponseMembers.account, lz.incidentResponseMembers.region]).toEqual(['111111111111', 'eu-west-1']);
    members.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: names.stackSetName,
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: [config.organization.rootId] }, Regions: ['eu-west-1', 'eu-central-1'] }],
    });
    expect(names.stackSetName).not.toBe(Object.values<any>(Template.fromStack(lz.baseline).findResources('AWS::CloudFormation::StackSet'))[0].Properties.StackSetName);
    expect(lz.incidentResponseMembers.dependencies).toContain(lz.organization);
  });

  test('its template body fits CloudFormation\'s 51,200 bytes with room to spare', () => {
    const bytes = Buffer.byteLength(stackSet.TemplateBody, 'utf8');
    expect(bytes).toBeLessThan(40_000);
  });

  test('one Automation runbook per action, each invoking the containment handler by name with the case, finding and collector', () => {
    const docs = ofType('AWS::SSM::Document');
    expect(docs.map((d) => d.Properties.Name).sort()).toEqual(CONTAINMENT_ACTIONS.map((a) => `${names.runbookPrefix}${a}`).sort());
    for (const doc of docs) {
      const content = doc.Properties.Content;
      expect(doc.Properties.DocumentType).toBe('Automation');
      expect(content.assumeRole).toBe('{{ AutomationAssumeRole }}');
      expect(content.mainSteps).toEqual([
        expect.objectContaining({
          action: 'aws:invokeLambdaFunction',
          inputs: { FunctionName: names.containmentFunctionName, InputPayload: expect.objectContaining({ resourceId: '{{ ResourceId }}', caseId: '{{ CaseId }}', findingId: '{{ FindingId }}', collector: 'ssm-automation:{{ automation:EXECUTION_ID }}' }) },
        }),
      ]);
      expect(content.parameters.ResourceId.allowedPattern).toMatch(/^\^/);
    }
  });

  test('the handler travels inline (no asset) with the evidence bucket and key it writes to', () => {
    const [fn] = ofType('AWS::Lambda::Function');
    expect(fn.Properties.Code.ZipFile).toContain('PutObject');
    expect(fn.Properties.FunctionName).toBe(names.containmentFunctionName);
    expect(fn.Properties.Environment.Variables).toMatchObject({ EVIDENCE_BUCKET: names.evidenceBucketName, EVIDENCE_KEY_ARN: names.evidenceKeyAliasArn, EVIDENCE_REGION: 'eu-west-1' });
    expect(JSON.stringify(body)).not.toMatch(/AssetParameters|cdk-[a-z0-9]+-assets/);
  });

  test('the automation role exists once per account (home region) and trusts only SSM here and the security-log account\'s responder and SSM administration roles', () => {
    const [id, role] = resources.find(([, r]) => r.Type === 'AWS::IAM::Role' && r.Properties.RoleName === names.automationRoleName)!;
    expect(id).toMatch(/AutomationRole/);
    expect(role.Condition).toBe('IsHomeRegion');
    expect(role.Properties.MaxSessionDuration).toBe(3600);
    const statements = role.Properties.AssumeRolePolicyDocument.Statement;
    expect(statements).toHaveLength(2);
    expect(statements).toContainEqual(expect.objectContaining({ Principal: { Service: 'ssm.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }));
    expect(statements).toContainEqual(
      expect.objectContaining({ Condition: { ArnEquals: { 'aws:PrincipalArn': [names.responderRoleArn, names.automationAdministrationRoleArn] } } }),
    );
    expect(JSON.stringify(statements)).toContain(`:iam::${names.account}:root`);
  });

  test('the handler role is named per region, matching the pattern the evidence bucket admits', () => {
    const role = ofType('AWS::IAM::Role').find((r) => JSON.stringify(r.Properties.RoleName).includes('ir-containment'))!;
    expect(role.Properties.RoleName).toEqual({ 'Fn::Join': ['', ['acme-ir-containment-', { Ref: 'AWS::Region' }]] });
    expect(names.containmentRoleArnPattern).toBe('arn:aws:iam::*:role/acme-ir-containment-*');
  });
});
