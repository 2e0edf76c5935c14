import * as fs from 'fs';
import * as path from 'path';
import { iamActionExistsRule } from '../../../lib/checks/iam-actions';
import { organizationPolicyLimitsRule } from '../../../lib/checks/organization-policy-limits';
import { readCustomStatements } from '../../../lib/guardrails/ou-guardrails';
import type { SynthesizedStack } from '../../../lib/template';
import { defaultRawConfig, parseRaw, templateOf, tempOutdir } from '../../helpers';
import { harness } from './org-policy-harness';

const dir = tempOutdir();
const write = (name: string, content: unknown) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};
// A platform team's own rule for Dev: no public Lambda function URLs (lambda:FunctionUrlAuthType):
// https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
const devRules = write('dev.json', {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'DevNoPublicFunctionUrls', Effect: 'Deny', Action: ['lambda:CreateFunctionUrlConfig', 'lambda:UpdateFunctionUrlConfig'], Resource: '*', Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } } },
  ],
});
const stackOf = (template: any): SynthesizedStack[] => [{ stackPath: 'acme-organization', templatePath: 'x', template }];
const withOus = (ous: Record<string, unknown>) => {
  const raw = defaultRawConfig();
  raw.guardrails.ous = ous;
  return parseRaw(raw);
};

describe('per-OU guardrails', () => {
  const config = withOus({ 'Workloads/Prod': { sets: ['prod'] }, 'Workloads/Dev': { customStatementsFile: devRules }, Sandbox: { sets: ['sandbox'] } });
  const template = templateOf('organization', config).toJSON();
  const { scps, decide } = harness(config, template, 'unused');
  const fnUrl = (account: string) => ({
    action: 'lambda:CreateFunctionUrlConfig',
    resource: `arn:aws:lambda:eu-west-1:${account}:function:api`,
    principal: `arn:aws:iam::${account}:role/cdk-hnb659fds-cfn-exec-role-${account}-eu-west-1`,
    context: { 'lambda:FunctionUrlAuthType': 'NONE' },
  });

  test('a custom statements file becomes its OU\u2019s own SCP, and each set attaches to the OUs that chose it', () => {
    expect(scps.map((p) => [p.name, p.targets])).toEqual(
      expect.arrayContaining([
        ['acme-scp-prod', ['Workloads/Prod']],
        ['acme-scp-sandbox', ['Sandbox']],
        ['acme-scp-custom-workloads-dev', ['Workloads/Dev']],
      ]),
    );
  });

  test('the custom statement denies in its OU only (Dev), not in Prod', async () => {
    expect(await decide({ what: 'public function URL in Dev', ...fnUrl('444444444444'), expected: 'ExplicitlyDenied' })).toBe('ExplicitlyDenied');
    expect(await decide({ what: 'public function URL in Prod', ...fnUrl('333333333333'), expected: 'Allowed' })).toBe('Allowed');
  });

  test('the synthesized per-OU policies pass LZ-IamActionExists and LZ-OrganizationPolicyLimits', () => {
    expect(iamActionExistsRule.check(stackOf(template))).toEqual([]);
    expect(organizationPolicyLimitsRule.check(stackOf(template))).toEqual([]);
  });

  test('LZ-IamActionExists names a misspelled action in a custom file', () => {
    const bad = write('bad.json', [{ Sid: 'Typo', Effect: 'Deny', Action: 'lambda:CreateFunctionUrlConfg', Resource: '*' }]);
    const t = templateOf('organization', withOus({ 'Workloads/Dev': { customStatementsFile: bad } })).toJSON();
    expect(iamActionExistsRule.check(stackOf(t)).map((f) => f.message)).toEqual([
      'policy "acme-scp-custom-workloads-dev": "lambda:CreateFunctionUrlConfg" is not a lambda action',
    ]);
  });

  test('LZ-OrganizationPolicyLimits counts per-OU policies against the five-per-target quota', () => {
    const t = templateOf('organization', withOus({ Root: { sets: ['prod', 'sandbox'], customStatementsFile: devRules } })).toJSON();
    expect(organizationPolicyLimitsRule.check(stackOf(t)).map((f) => f.message).join('\n')).toMatch(/r-a1b2/);
  });

  test('a custom file is read once at the edge, every problem reported with the file', () => {
    expect(() => readCustomStatements('x.json', () => '{')).toThrow(/x\.json.*cannot be read as JSON/s);
    expect(() => readCustomStatements('y.json', () => JSON.stringify([{ Sid: 'a-b', Effect: 'Allow', Principal: '*' }]))).toThrow(
      /y\.json[\s\S]*Statement\[0\]\.Sid: "a-b" \(allowed: letters and digits\)[\s\S]*Statement\[0\]\.Effect: "Allow"[\s\S]*no Action or NotAction[\s\S]*no Resource or NotResource[\s\S]*SCPs take no Principal/,
    );
  });

  test('an OU the config does not declare is rejected with its path', () => {
    expect(() => withOus({ 'Workloads/Staging': { sets: ['prod'] } })).toThrow(/guardrails\.ous\.Workloads\/Staging.*"Workloads\/Staging" is not an OU declared in ous/s);
  });
});
