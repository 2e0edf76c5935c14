/**
 * Each incident-response construct placed on its own, under unusual IDs, in a stack checked by the AwsSolutions
 * and NIST 800-53 R5 packs: no unacknowledged finding, so the acknowledgments live on the constructs themselves
 * (conventions 8 and 13), not in the stacks that compose them.
 */
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Template } from 'aws-cdk-lib/assertions';
import { CfnCondition, Fn, Aws } from 'aws-cdk-lib';
import { AutomaticContainment } from '../../../../lib/constructs/incident-response/automatic-containment';
import { ContainmentAutomation } from '../../../../lib/constructs/incident-response/containment-automation';
import { CONTAINMENT_RUNBOOKS } from '../../../../lib/constructs/incident-response/containment-runbooks';
import { EvidenceBucket } from '../../../../lib/constructs/incident-response/evidence-bucket';
import { NotificationDestinations } from '../../../../lib/constructs/incident-response/notification-destinations';
import { ResponderRole } from '../../../../lib/constructs/incident-response/responder-role';
import { landingZoneCheckedStack, nagErrors } from '../../../constructs/nag';

test('every incident-response construct synthesizes clean under the cdk-nag packs, under unusual IDs', () => {
  const { app, stack } = landingZoneCheckedStack();
  new EvidenceBucket(stack, 'Case Files', {
    bucketName: 'acme-ir-evidence-111111111111-eu-west-1',
    keyAlias: 'alias/acme/ir-evidence',
    keyAliasArn: 'arn:aws:kms:eu-west-1:111111111111:alias/acme/ir-evidence',
    organizationId: 'o-a1b2c3d4e5',
    writerRoleArnPattern: 'arn:aws:iam::*:role/acme-ir-containment-*',
    readerRoleArn: 'arn:aws:iam::111111111111:role/acme-incident-responder',
    retentionDays: 30,
    serverAccessLogsBucket: Bucket.fromBucketName(stack, 'Logs', 'acme-access-logs-111111111111-eu-west-1'),
    exemptPrincipalArnPatterns: ['arn:aws:iam::*:role/LandingZoneBreakGlass'],
  });
  new ResponderRole(stack, 'People', {
    roleName: 'acme-incident-responder',
    memberRoleName: 'acme-ir-automation',
    runbookPrefix: 'acme-IR-',
    automationAdministrationRoleName: 'AWS-SystemsManager-AutomationAdministrationRole',
    organizationId: 'o-a1b2c3d4e5',
    evidenceBucketArn: 'arn:aws:s3:::acme-ir-evidence-111111111111-eu-west-1',
  });
  new ContainmentAutomation(stack, 'Contain-Everything', {
    homeRegionCondition: new CfnCondition(stack, 'Home', { expression: Fn.conditionEquals(Aws.REGION, 'eu-west-1') }),
    securityLogAccountId: '222222222222',
    trustedPrincipalArns: ['arn:aws:iam::222222222222:role/acme-incident-responder'],
    automationRoleName: 'acme-ir-automation',
    containmentRoleName: `acme-ir-containment-${Aws.REGION}`,
    functionName: 'acme-ir-containment',
    runbookPrefix: 'acme-IR-',
    evidenceBucketName: 'acme-ir-evidence-222222222222-eu-west-1',
    evidenceKeyAliasArn: 'arn:aws:kms:eu-west-1:222222222222:alias/acme/ir-evidence',
    evidenceRegion: 'eu-west-1',
    protectedRoleNamePatterns: ['LandingZoneBreakGlass', 'acme-*'],
  });
  new NotificationDestinations(stack, 'Tell', {
    findingsTopicArn: 'arn:aws:sns:eu-west-1:111111111111:acme-security-findings',
    alarmTopicArn: 'arn:aws:sns:eu-west-1:111111111111:acme-security-alarms',
    chat: { slack: { workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' } },
    webhooks: [{ url: 'https://pager.example.com/x', minimumSeverity: 'HIGH', alarms: true }],
    namePrefix: 'acme',
  });
  new AutomaticContainment(stack, 'Auto', {
    triggers: [{ findingType: 'Backdoor:EC2/C&CActivity.B', minimumSeverity: 8, action: 'IsolateEc2Instance' }],
    dispatchRunbookName: 'acme-IR-AutomaticDispatch',
    runbookPrefix: 'acme-IR-',
    automationRoleName: 'acme-ir-automation',
    automationAdministrationRoleName: 'AWS-SystemsManager-AutomationAdministrationRole',
    findingsTopicArn: 'arn:aws:sns:eu-west-1:111111111111:acme-security-findings',
    findingsKeyAlias: 'alias/acme/security-findings',
  });
  expect(nagErrors(app)).toEqual([]);
  // A finding type without * is matched exactly.
  Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', { EventPattern: { detail: { type: ['Backdoor:EC2/C&CActivity.B'] } } });
});

describe('runbook parameter patterns (SSM refuses what they do not match, before the handler runs)', () => {
  const accepts = (action: keyof typeof CONTAINMENT_RUNBOOKS, value: string) => new RegExp(CONTAINMENT_RUNBOOKS[action].pattern).test(value);
  test.each<[keyof typeof CONTAINMENT_RUNBOOKS, string, boolean]>([
    ['IsolateEc2Instance', 'i-0123456789abcdef0', true],
    ['IsolateEc2Instance', 'i-01234567', true],
    ['IsolateEc2Instance', 'vol-0123456789abcdef0', false],
    ['IsolateEc2Instance', 'i-0123; rm -rf', false],
    ['RevokeRoleSessions', 'arn:aws:iam::333333333333:role/app/app-role', true],
    ['RevokeRoleSessions', 'app-role', true],
    ['RevokeRoleSessions', 'arn:aws:iam::333333333333:user/alice', false],
    ['DeactivateAccessKeys', 'arn:aws:iam::333333333333:user/alice', true],
    ['DeactivateAccessKeys', 'arn:aws:iam::333333333333:role/app-role', false],
    ['QuarantineLambda', 'arn:aws:lambda:eu-west-1:333333333333:function:payments', true],
    ['QuarantineLambda', 'arn:aws:lambda:eu-west-1:333333333333:function:payments:prod', false],
    ['BlockS3PublicAccess', 'public-site', true],
    ['BlockS3PublicAccess', 'arn:aws:s3:::public-site', false],
  ])('%s with %s: %s', (action, value, expected) => {
    expect(accepts(action, value)).toBe(expected);
  });
});
