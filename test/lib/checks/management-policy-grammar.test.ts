/**
 * The management-policy grammar check: the default policies pass; a key, a value, an operator or a size the
 * AWS docs do not allow is named with its path and what is allowed. Example documents follow the syntax pages:
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_declarative_syntax.html,
 * .../orgs_manage_policies_ai-opt-out_syntax.html, .../orgs_manage_policies_example-tag-policies.html,
 * .../orgs_manage_policies_backup_syntax.html, operators: .../orgs_manage_policies_inheritance_mgmt.html.
 */
import { managementPolicyProblems } from '../../../lib/checks/management-policy-grammar';
import { organizationPolicyLimitsRule } from '../../../lib/checks/organization-policy-limits';
import { templateOf } from '../../helpers';

const organization = templateOf('organization').toJSON();
const policiesOf = (type: string) => Object.values<any>(organization.Resources).filter((r) => r.Type === 'AWS::Organizations::Policy' && r.Properties.Type === type);
const check = (type: string, content: unknown) =>
  organizationPolicyLimitsRule.check([
    { stackPath: 'Org', templatePath: '', template: { Resources: { P: { Type: 'AWS::Organizations::Policy', Properties: { Name: 'p', Type: type, Content: content, TargetIds: ['r-a1b2'] } } } } },
  ]);

describe('management policies of the default synth', () => {
  test.each(['DECLARATIVE_POLICY_EC2', 'AISERVICES_OPT_OUT_POLICY', 'TAG_POLICY', 'BACKUP_POLICY'])('%s is declared and passes the grammar and size checks', (type) => {
    const policies = policiesOf(type);
    expect(policies).toHaveLength(1);
    expect(managementPolicyProblems(type, policies[0].Properties.Content)).toEqual([]);
    expect(check(type, policies[0].Properties.Content)).toEqual([]);
  });

  test('the AWS documentation examples pass (the grammar is not narrower than the docs)', () => {
    expect(managementPolicyProblems('DECLARATIVE_POLICY_EC2', {
      ec2_attributes: {
        vpc_block_public_access: { internet_gateway_block: { mode: { '@@assign': 'block_ingress' }, exclusions_allowed: { '@@assign': 'enabled' } } },
        allowed_images_settings: { state: { '@@assign': 'enabled' }, image_criteria: { criteria_1: { allowed_image_providers: { '@@append': ['amazon'] } } } },
        instance_metadata_defaults: { http_tokens: { '@@assign': 'required' }, http_put_response_hop_limit: { '@@assign': '4' }, http_endpoint: { '@@assign': 'enabled' }, instance_metadata_tags: { '@@assign': 'enabled' } },
        exception_message: { '@@assign': 'Your custom error message.https://myURL' },
      },
    })).toEqual([]);
    expect(managementPolicyProblems('TAG_POLICY', {
      tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': ['100', '200', '300*'] }, enforced_for: { '@@assign': ['secretsmanager:ALL_SUPPORTED'] } } },
    })).toEqual([]);
  });
});

describe('LZ-OrganizationPolicyLimits on management policies', () => {
  test('a key the type does not document is named with its path and the allowed keys', () => {
    expect(check('DECLARATIVE_POLICY_EC2', { ec2_attributes: { serial_console: { status: { '@@assign': 'disabled' } } } })).toEqual([
      expect.objectContaining({
        logicalId: 'P',
        message: expect.stringMatching(/DECLARATIVE_POLICY_EC2 "p": \$\.ec2_attributes\.serial_console: is not a documented attribute here \(allowed: exception_message, vpc_block_public_access, serial_console_access,/),
      }),
    ]);
  });

  test('a value the attribute does not allow is named with the allowed values', () => {
    const [finding] = check('DECLARATIVE_POLICY_EC2', { ec2_attributes: { snapshot_block_public_access: { state: { '@@assign': 'block_everything' } } } });
    expect(finding.message).toBe(
      'DECLARATIVE_POLICY_EC2 "p": $.ec2_attributes.snapshot_block_public_access.state.@@assign: "block_everything" is not allowed (allowed: block_all_sharing, block_new_sharing, unblocked)',
    );
    expect(managementPolicyProblems('AISERVICES_OPT_OUT_POLICY', { services: { default: { opt_out_policy: { '@@assign': 'opt-out' } } } })).toEqual([
      '$.services.default.opt_out_policy.@@assign: "opt-out" is not allowed (allowed: optOut, optIn)',
    ]);
    expect(managementPolicyProblems('DECLARATIVE_POLICY_EC2', { ec2_attributes: { instance_metadata_defaults: { http_put_response_hop_limit: { '@@assign': '65' } } } })).toEqual([
      '$.ec2_attributes.instance_metadata_defaults.http_put_response_hop_limit.@@assign: "65" is out of range (allowed: -1 to 64)',
    ]);
  });

  test('operators: a leaf needs exactly one value operator, @@append only on lists, child controls from the documented set', () => {
    expect(managementPolicyProblems('DECLARATIVE_POLICY_EC2', { ec2_attributes: { serial_console_access: { status: 'disabled' } } })).toEqual([
      '$.ec2_attributes.serial_console_access.status: "disabled" is not an object (attributes and operators are JSON objects)',
    ]);
    expect(managementPolicyProblems('DECLARATIVE_POLICY_EC2', { ec2_attributes: { serial_console_access: { status: { '@@append': 'disabled' } } } })).toEqual([
      '$.ec2_attributes.serial_console_access.status.@@append: only @@assign sets a single value (@@append and @@remove apply to lists)',
    ]);
    expect(managementPolicyProblems('AISERVICES_OPT_OUT_POLICY', { services: { '@@operators_allowed_for_child_policies': ['@@nothing'], default: { opt_out_policy: { '@@assign': 'optOut' } } } })).toEqual([
      '$.services.@@operators_allowed_for_child_policies: ["@@nothing"] is not a list of @@all, @@none, @@assign, @@append, @@remove',
    ]);
  });

  test('a backup plan without its required parts, and a tag key that is not its policy key, are named', () => {
    expect(managementPolicyProblems('BACKUP_POLICY', { plans: { daily: { regions: { '@@assign': ['eu-west-1'] } } } })).toEqual([
      '$.plans.daily: "rules" is required',
      '$.plans.daily: "selections" is required',
    ]);
    expect(managementPolicyProblems('TAG_POLICY', { tags: { dataclassification: { tag_key: { '@@assign': 'Classification' } } } })).toEqual([
      '$.tags.dataclassification.tag_key.@@assign: "Classification" must match the policy key "dataclassification" except for case',
    ]);
  });

  test('an AI services opt-out policy over 2,500 bytes fails with its size and the limit; the same size passes as a tag policy', () => {
    const padded = (n: number) => ({ services: Object.fromEntries(Array.from({ length: n }, (_, i) => [`service${i}`, { opt_out_policy: { '@@assign': 'optOut' } }])) });
    const big = padded(70);
    const findings = check('AISERVICES_OPT_OUT_POLICY', big);
    expect(findings).toEqual([expect.objectContaining({ message: expect.stringMatching(/^AISERVICES_OPT_OUT_POLICY "p" is \d{4} bytes; the limit is 2500/) })]);
    const tags = { tags: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, { tag_key: { '@@assign': `K${i}` }, tag_value: { '@@assign': ['a'.repeat(20)] } }])) };
    expect(JSON.stringify(tags).length).toBeGreaterThan(2500);
    expect(check('TAG_POLICY', tags)).toEqual([]);
  });

  test('an eleventh backup policy on one target is refused (10 per target, no AWS-managed one counted)', () => {
    const plan = { plans: {} };
    const resources = Object.fromEntries(
      Array.from({ length: 11 }, (_, i) => [`B${i}`, { Type: 'AWS::Organizations::Policy', Properties: { Name: `b${i}`, Type: 'BACKUP_POLICY', Content: plan, TargetIds: ['r-a1b2'] } }]),
    );
    const findings = organizationPolicyLimitsRule.check([{ stackPath: 'Org', templatePath: '', template: { Resources: resources } }]);
    expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(/^target r-a1b2 would hold 11 policies of type BACKUP_POLICY \(b0, .*\); the limit is 10$/)]);
  });
});
