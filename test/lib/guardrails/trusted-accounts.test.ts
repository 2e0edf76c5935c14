/**
 * Trusted outside accounts, evaluated against the RCP synthesized from a config that names two vendors: one
 * with an external ID, one without. Vendors assume a cross-account role, sending the external ID the
 * customer gave them (AssumeRole's ExternalId parameter):
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
import { defaultRawConfig, parseRaw, templateOf } from '../../helpers';
import { trustedAccountStatements } from '../../../lib/guardrails/trusted-accounts';
import { allowAll, harness, type Case } from './org-policy-harness';

const raw = defaultRawConfig();
raw.guardrails.trustedAccounts = [
  { name: 'cspm-vendor', accountId: '123456789012', externalId: 'acme-7f3a9c', roleNames: ['CspmVendorReadOnly'] },
  { name: 'monitoring', accountId: '210987654321', roleNames: ['MonitoringVendor', 'MonitoringVendorMetrics'] },
];
const config = parseRaw(raw);
const template = templateOf('organization', config).toJSON();
const PROD = '333333333333';
const { decide, rcps } = harness(config, template, 'unused');
const role = (name: string) => `arn:aws:iam::${PROD}:role/${name}`;
const assume = (what: string, principal: string, roleName: string, expected: Case['expected'], context: Case['context'] = {}): Case => ({
  what,
  action: 'sts:AssumeRole',
  resource: role(roleName),
  principal,
  outsider: true,
  context,
  // The role's trust policy names the vendor account; the RCP decides whether that is enough.
  resourcePolicy: allowAll({ AWS: `arn:aws:iam::${/:(\d{12}):/.exec(principal)![1]}:root` }, 'sts:AssumeRole', role(roleName)),
  expected,
});
const cspm = 'arn:aws:iam::123456789012:role/scanner';
const monitoring = 'arn:aws:iam::210987654321:role/collector';

const cases: Case[] = [
  assume('the CSPM vendor with its external ID assumes its role', cspm, 'CspmVendorReadOnly', 'Allowed', { 'sts:ExternalId': 'acme-7f3a9c' }),
  assume('the CSPM vendor with a wrong external ID', cspm, 'CspmVendorReadOnly', 'ExplicitlyDenied', { 'sts:ExternalId': 'guess' }),
  assume('the CSPM vendor without an external ID', cspm, 'CspmVendorReadOnly', 'ExplicitlyDenied'),
  assume('the CSPM vendor assuming a role config does not name', cspm, 'Admin', 'ExplicitlyDenied', { 'sts:ExternalId': 'acme-7f3a9c' }),
  assume('the monitoring vendor (no external ID configured) assumes its second role', monitoring, 'MonitoringVendorMetrics', 'Allowed'),
  assume('the monitoring vendor assuming the CSPM vendor\u2019s role', monitoring, 'CspmVendorReadOnly', 'ExplicitlyDenied'),
  assume('another outside account assuming a vendor role', 'arn:aws:iam::999999999999:role/Attacker', 'CspmVendorReadOnly', 'ExplicitlyDenied', { 'sts:ExternalId': 'acme-7f3a9c' }),
  {
    what: 'the CSPM vendor reading org S3 data directly (only AssumeRole is admitted)',
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::prod-orders/a.csv',
    principal: cspm,
    outsider: true,
    resourcePolicy: allowAll({ AWS: cspm }, 's3:GetObject', 'arn:aws:s3:::prod-orders/*'),
    expected: 'ExplicitlyDenied',
  },
];

describe('trusted outside accounts in the data-perimeter RCP', () => {
  test.each(cases.map((c) => [c.what, c] as const))('%s', async (_what, c) => {
    expect(await decide(c)).toBe(c.expected);
  });

  test('each vendor gets a role statement, and an external-ID statement only when it has one', () => {
    expect(trustedAccountStatements(config.guardrails.trustedAccounts).map((s) => s.Sid)).toEqual([
      'TrustedAccountCspmVendorRoles',
      'TrustedAccountCspmVendorExternalId',
      'TrustedAccountMonitoringRoles',
    ]);
    const sids = rcps.flatMap((p) => (p.policy.Statement as Array<{ Sid: string }>).map((s) => s.Sid));
    expect(sids).toEqual(expect.arrayContaining(['EnforceOrgIdentities', 'EnforceOrgIdentitiesAssumeRole', 'TrustedAccountMonitoringRoles']));
  });

  test('without trusted accounts the RCP is the organization-only perimeter, AssumeRole included', () => {
    const plain = templateOf('organization', parseRaw(defaultRawConfig())).toJSON();
    const { rcps: base } = harness(parseRaw(defaultRawConfig()), plain, 'unused');
    const statements = base[0].policy.Statement as Array<{ Sid: string; Action: string[] }>;
    expect(statements.map((s) => s.Sid)).toEqual(['EnforceOrgIdentities', 'EnforceConfusedDeputyProtection']);
    expect(statements[0].Action).toContain('sts:AssumeRole');
  });
});
