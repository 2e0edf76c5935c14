import { CONTROLS, CIS_CONTROLS, type Control } from '../../../lib/evidence/controls';
import { complianceReport, evaluateControl, lostControls, renderComplianceMarkdown } from '../../../lib/evidence/compliance';
import { indexResources } from '../../../lib/evidence/resources';
import { GUARDRAIL_STATEMENTS } from '../../../lib/guardrails/guardrail-statements';
import { scp, stackOf, type Resources } from './fixtures';

const control = (id: string): Control => {
  const c = CONTROLS.find((x) => x.id === id);
  if (!c) throw new Error(`no control ${id}`);
  return c;
};
const status = (id: string, resources: Resources) => evaluateControl(control(id), indexResources([stackOf(resources)])).status;

/** Every CIS row of /work/shared/reference/security-baseline.md ("CIS v5.0 recommendations infrastructure code can enforce"). */
const REFERENCE_CIS_ROWS = [
  '1.2', '1.3/1.6', '1.7/1.8', '1.9–1.14/1.20', '1.15', '1.16', '1.17', '1.19', '1.21', '2.1.1', '2.1.4', '2.2.x/2.3.1',
  '3.1', '3.2', '3.3', '3.4', '3.5', '3.6', '3.7', '3.8/3.9',
  '4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7', '4.8', '4.9', '4.10', '4.11', '4.12', '4.13', '4.14', '4.15', '4.16',
  '5.1.1', '5.1.2', '5.2', '5.3/5.4', '5.5', '5.6', '5.7',
];

describe('the catalogue and the report', () => {
  const report = complianceReport([stackOf({})]);
  const markdown = renderComplianceMarkdown(report);

  test('the report lists every CIS row of the security baseline', () => {
    expect(CIS_CONTROLS.map((c) => c.id)).toEqual(REFERENCE_CIS_ROWS.map((id) => `CIS ${id}`));
    for (const id of REFERENCE_CIS_ROWS) expect(markdown).toContain(`**CIS ${id}**`);
  });

  test('the report lists the 16 SCP guardrails of the security baseline, the exempt roles\u2019 and tag\u2019s protection, log delivery, the member-account automation, the per-OU sets and the data perimeter', () => {
    expect(report.controls.filter((c) => c.framework === 'Guardrail')).toHaveLength(24);
    expect(markdown).toContain('**SCP protect-cloudtrail**');
    expect(markdown).toContain('**SCP protect-landing-zone-automation**');
    expect(markdown).toContain('**RCP data-perimeter**');
  });

  test('control IDs are unique and every control evaluates (no unknown detector)', () => {
    expect(new Set(CONTROLS.map((c) => c.id)).size).toBe(CONTROLS.length);
    expect(report.controls).toHaveLength(CONTROLS.length);
  });

  test('totals add up; an empty landing zone implements only its prohibitions', () => {
    const t = report.totals;
    expect(t.implemented + t.missing + t.violated + t['not-applicable'] + t['out-of-scope']).toBe(t.total);
    expect(report.controls.filter((c) => c.status === 'implemented').map((c) => c.id)).toEqual([
      'CIS 1.15', 'CIS 1.21', 'CIS 5.1.2', 'CIS 5.2', 'CIS 5.3/5.4',
    ]);
    expect(markdown).toMatch(/\*\*5 of 67 controls implemented\*\*/);
  });

  test('an out-of-scope control is reported with its reason', () => {
    const manual: Control = { id: 'CIS 9.9', framework: 'CIS v5.0', title: 'Manual review', check: { outOfScope: 'manual: reviewed quarterly' } };
    const r = complianceReport([stackOf({})], [manual]);
    expect(r.controls[0]).toMatchObject({ status: 'out-of-scope', note: 'manual: reviewed quarterly' });
    expect(renderComplianceMarkdown(r)).toContain('📋 out of scope | — | manual: reviewed quarterly');
  });

  test('evidence names the implementing stack and logical ID', () => {
    const r = complianceReport([stackOf({ Leave: scp(['organizations:LeaveOrganization']) }, 'acme-organization-management-eu-west-1')]);
    expect(r.controls.find((c) => c.id === 'SCP stay-in-organization')).toMatchObject({
      status: 'implemented',
      evidence: [{ stack: 'acme-organization-management-eu-west-1', logicalId: 'Leave' }],
    });
  });
});

describe('lost controls', () => {
  const withTrail = complianceReport([stackOf({ Leave: scp(['organizations:LeaveOrganization']) })]);
  const without = complianceReport([stackOf({})]);
  test('a control implemented before and missing now is lost', () => {
    expect(lostControls(withTrail, without)).toEqual([{ id: 'SCP stay-in-organization', was: 'implemented', now: 'missing' }]);
  });
  test('nothing is lost when the same controls hold', () => {
    expect(lostControls(withTrail, withTrail)).toEqual([]);
  });
});

describe('SCP guardrails: what a row requires is read from the statements that implement it', () => {
  const actionsOf = (sid: string) => [GUARDRAIL_STATEMENTS.find((s) => s.statement.Sid === sid)!.statement.Action ?? []].flat();

  test('a Deny covering every action of the trail statement implements the guardrail; a partial one does not', () => {
    expect(actionsOf('ProtectOrganizationTrail')).toContain('cloudtrail:PutInsightSelectors');
    expect(status('SCP protect-cloudtrail', { P: scp(actionsOf('ProtectOrganizationTrail')) })).toBe('implemented');
    expect(status('SCP protect-cloudtrail', { P: scp(actionsOf('ProtectOrganizationTrail').slice(1)) })).toBe('missing');
  });
  test('wildcards count and JSON-string content is parsed', () => {
    const aliases = { 'ForAnyValue:StringLike': { 'kms:ResourceAliases': 'alias/acme/*' } };
    expect(status('SCP protect-keys', { P: scp(['kms:ScheduleKeyDeletion', 'kms:Disable*', 'kms:PutKeyPolicy', 'kms:*Alias'], aliases, true) })).toBe('implemented');
  });
  test('a row implemented by several statements needs each of them (IMDSv2: tokens, hop limit, no later change)', () => {
    const tokens = scp(['ec2:RunInstances'], { StringNotEquals: { 'ec2:MetadataHttpTokens': 'required' } });
    const hops = scp(['ec2:RunInstances'], { NumericGreaterThan: { 'ec2:MetadataHttpPutResponseHopLimit': '2' } });
    expect(status('SCP imdsv2', { T: tokens, H: hops, M: scp(['ec2:ModifyInstanceMetadataOptions']) })).toBe('implemented');
    expect(evaluateControl(control('SCP imdsv2'), indexResources([stackOf({ T: tokens })]))).toMatchObject({
      status: 'missing',
      note: expect.stringContaining('nothing denies what LimitImdsHops, KeepImdsOptions denies'),
    });
  });
  test('an Allow statement or a resource control policy does not count', () => {
    const allow = scp(['organizations:LeaveOrganization']);
    allow.Properties.Content.Statement[0].Effect = 'Allow';
    const rcp = scp(['organizations:LeaveOrganization']);
    rcp.Properties.Type = 'RESOURCE_CONTROL_POLICY';
    expect(status('SCP stay-in-organization', { A: allow, R: rcp })).toBe('missing');
  });
  test('governed regions: a NotAction deny on aws:RequestedRegion', () => {
    const regions = {
      Type: 'AWS::Organizations::Policy',
      Properties: {
        Type: 'SERVICE_CONTROL_POLICY',
        Content: { Statement: [{ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } }] },
      },
    };
    expect(status('SCP governed-regions', { R: regions })).toBe('implemented');
    expect(status('SCP governed-regions', { P: scp(['ec2:RunInstances']) })).toBe('missing');
  });
  test('condition-keyed guardrails need the condition key', () => {
    expect(status('SCP no-unencrypted-volumes', { P: scp(['ec2:CreateVolume', 'ec2:RunInstances'], { Bool: { 'ec2:Encrypted': 'false' } }) })).toBe('implemented');
    expect(status('SCP no-unencrypted-volumes', { P: scp(['ec2:CreateVolume', 'ec2:RunInstances']) })).toBe('missing');
    expect(status('SCP no-root-user', { P: scp(['*'], { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } }) })).toBe('implemented');
  });
});

test('a detector that throws on an odd template reports the control missing with the error, not a failed synth', () => {
  const [trail] = indexResources([stackOf({ T: { Type: 'AWS::CloudTrail::Trail' } })]);
  const throwing = [{ ...trail, get properties(): any { throw new Error('unreadable properties'); } }];
  expect(evaluateControl(control('CIS 3.2'), throwing as any)).toMatchObject({ status: 'missing', note: 'detector error: unreadable properties' });
});
