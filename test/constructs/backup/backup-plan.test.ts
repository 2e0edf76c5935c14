import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { SecureBackupPlan } from '../../../constructs/backup/backup-plan';
import { OptOut } from '../../../constructs/core/opt-out';
import { allPacksCheckedStack, nagErrors, optOutsIn, TEST_ENV } from '../nag';

const COPY_TO = 'arn:aws:backup:eu-central-1:111111111111:backup-vault:product-copy';
const REASON = 'This vault in eu-central-1 is itself the cross-region copy destination';

function template(props: ConstructorParameters<typeof SecureBackupPlan>[2] = { copyToVaultArn: COPY_TO }): Template {
  const stack = new Stack(undefined, 'S', { env: TEST_ENV });
  new SecureBackupPlan(stack, 'Backups', props);
  return Template.fromStack(stack);
}

describe('SecureBackupPlan', () => {
  test('is nag-clean under AwsSolutions and NIST 800-53 R5 with no acknowledgment from the caller', () => {
    const { app, stack } = allPacksCheckedStack();
    new SecureBackupPlan(stack, 'Backups', { copyToVaultArn: COPY_TO });
    expect(nagErrors(app)).toEqual([]);
  });

  const t = template();

  test('keeps recovery points in a locked vault encrypted with a customer-managed key', () => {
    t.hasResource('AWS::Backup::BackupVault', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        EncryptionKeyArn: Match.anyValue(),
        LockConfiguration: { MinRetentionDays: 7, MaxRetentionDays: 365 },
        AccessPolicy: Match.objectLike({ Statement: [Match.objectLike({ Effect: 'Deny', Action: Match.arrayWith(['backup:DeleteRecoveryPoint']) })] }),
      }),
    });
  });

  test('backs up daily (35 days) and weekly (90 days) and copies every recovery point to the other region', () => {
    t.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: Match.stringLikeRegexp('^SBackups'),
        BackupPlanRule: [
          Match.objectLike({ RuleName: 'Daily', Lifecycle: { DeleteAfterDays: 35 }, CopyActions: [{ DestinationBackupVaultArn: COPY_TO, Lifecycle: { DeleteAfterDays: 35 } }] }),
          Match.objectLike({ RuleName: 'Weekly', Lifecycle: { DeleteAfterDays: 90 }, CopyActions: [{ DestinationBackupVaultArn: COPY_TO, Lifecycle: { DeleteAfterDays: 90 } }] }),
        ],
      },
    });
  });

  test('selects resources tagged Backup=true', () => {
    t.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({ ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'Backup', ConditionValue: 'true' }] }),
    });
  });

  test('a compliance-mode lock becomes immutable after a 3-day grace period', () => {
    template({ copyToVaultArn: COPY_TO, lockMode: 'compliance' }).hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: { MinRetentionDays: 7, MaxRetentionDays: 365, ChangeableForDays: 3 },
    });
  });

  test('records the cross-region-copy opt-out on the plan', () => {
    const tpl = template({ optOuts: { crossRegionCopy: OptOut.because(REASON) } });
    expect(Object.values(optOutsIn(tpl))).toEqual([[{ control: 'crossRegionCopy', reason: REASON }]]);
    tpl.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: Match.objectLike({ BackupPlanRule: [Match.objectLike({ CopyActions: [] }), Match.objectLike({ CopyActions: [] })] }),
    });
  });

  test.each([
    [{}, /copyToVaultArn: none given \(allowed: the ARN of a backup vault in another region, or optOuts\.crossRegionCopy with a reason\)/],
    [{ copyToVaultArn: 'arn:aws:backup:eu-west-1:111111111111:backup-vault:same' }, /copyToVaultArn: ".*" is in this stack's region eu-west-1 \(allowed: a vault in another region\)/],
    [{ copyToVaultArn: 'arn:aws:s3:::bucket' }, /copyToVaultArn: "arn:aws:s3:::bucket" is not a backup vault ARN/],
    [{ copyToVaultArn: COPY_TO, dailyRetention: Duration.days(3) }, /dailyRetention: 3 days is not allowed \(allowed: a whole number of days from 7 to 365/],
    [{ copyToVaultArn: COPY_TO, weeklyRetention: Duration.days(14) }, /weeklyRetention: 14 days is not allowed \(allowed: a whole number of days from 35 to 365/],
  ])('rejects bad props with a message naming the prop, the value and what is allowed (%#)', (props, message) => {
    expect(() => template(props)).toThrow(message);
  });
});
