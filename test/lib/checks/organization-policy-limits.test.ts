import { CfnPolicy } from 'aws-cdk-lib/aws-organizations';
import { organizationPolicyLimitsRule, policySize } from '../../../lib/checks/organization-policy-limits';
import { guardrailInputs, serviceControlPolicies } from '../../../lib/guardrails/scp-statements';
import { resourceControlPolicies } from '../../../lib/guardrails/rcp-statements';
import { buildApp, defaultConfig } from '../../helpers';

const scp = (name: string, content: unknown, targets: unknown[] = ['r-a1b2']) => ({
  Type: 'AWS::Organizations::Policy',
  Properties: { Name: name, Type: 'SERVICE_CONTROL_POLICY', Content: content, TargetIds: targets },
});
const bigDocument = (bytes: number) => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Pad', Effect: 'Deny', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'x'.repeat(bytes)}` }],
});

describe('LZ-OrganizationPolicyLimits', () => {
  test('counts the compact JSON CloudFormation sends, in bytes', () => {
    expect(policySize({ a: 'é' })).toBe(10); // {"a":"é"} is 9 characters, 10 bytes
    expect(policySize('{ "a": 1 }')).toBe(10); // a string is sent as written, white space included
  });

  test('the default guardrails fit with room to spare', () => {
    const inputs = guardrailInputs(defaultConfig());
    for (const p of [...serviceControlPolicies(inputs), ...resourceControlPolicies(inputs)]) {
      // 320 bytes spare: the edge allowance carries the global-service list twice (about 4.7 KB); room for
      // two more governed regions or one more bootstrap qualifier before a statement must move to an OU SCP.
      expect(policySize(p.document)).toBeLessThan(4800);
    }
  });

  test('passes 5,120 bytes and 4 SCPs + FullAWSAccess on one target', () => {
    const at5120 = bigDocument(5120 - policySize(bigDocument(0)));
    expect(policySize(at5120)).toBe(5120);
    const template = { Resources: { A: scp('a', at5120), B: scp('b', {}), C: scp('c', {}), D: scp('d', {}) } };
    expect(organizationPolicyLimitsRule.check([{ stackPath: 'S', templatePath: '', template }])).toEqual([]);
  });

  test('names a policy over 5,120 bytes with its size and the limit', () => {
    const template = { Resources: { Big: scp('big', bigDocument(5121 - policySize(bigDocument(0)))) } };
    expect(organizationPolicyLimitsRule.check([{ stackPath: 'S', templatePath: '', template }])).toEqual([
      { stackPath: 'S', logicalId: 'Big', message: 'SERVICE_CONTROL_POLICY "big" is 5121 bytes; the limit is 5120 (split it into two policies)' },
    ]);
  });

  test('names a target that would hold a sixth SCP, across stacks and OU references', () => {
    const ou = { 'Fn::GetAtt': ['WorkloadsOu', 'Id'] };
    const s1 = { Resources: { A: scp('a', {}, [ou]), B: scp('b', {}, [ou]), C: scp('c', {}, [ou]) } };
    const s2 = { Resources: { D: scp('d', {}, [ou]), E: scp('e', {}, [ou, 'r-a1b2']) } };
    const findings = organizationPolicyLimitsRule.check([
      { stackPath: 'S1', templatePath: '', template: s1 },
      { stackPath: 'S2', templatePath: '', template: s2 },
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'target WorkloadsOu.Id would hold 6 policies of type SERVICE_CONTROL_POLICY (FullAWSAccess, a, b, c, d, e); the limit is 5',
    ]);
  });

  test('an oversized SCP fails app.synth() naming the stack, the policy, its size and the limit', () => {
    const { app, lz } = buildApp();
    new CfnPolicy(lz.organization, 'Oversized', {
      name: 'oversized-scp',
      type: 'SERVICE_CONTROL_POLICY',
      content: bigDocument(6000),
      targetIds: ['ou-a1b2-11111111'],
    });
    expect(() => app.synth()).toThrow(
      /acme-organization-management-eu-west-1\/Oversized: SERVICE_CONTROL_POLICY "oversized-scp" is \d+ bytes; the limit is 5120[\s\S]*LZ-OrganizationPolicyLimits/,
    );
  });
});
