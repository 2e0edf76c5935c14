import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { equivalentNagRuleIds } from '../../../constructs/core/opt-out';
import { AcknowledgeEveryPack, collectAcknowledgments } from '../../../lib/checks/acknowledgments';
import { NAG_CHECKS_MODULE, renderNagChecksModule, ruleIdsByCheck, rulesOfPack } from '../../../lib/checks/nag-equivalents';
import { nagErrors } from '../../constructs/nag';
import { tempOutdir } from '../../helpers';

test('the table the constructs read is what the installed cdk-nag packs apply (run scripts/write-nag-checks.ts when this fails)', () => {
  const file = fs.readFileSync(path.join(__dirname, '../../..', NAG_CHECKS_MODULE), 'utf8');
  expect(file).toBe(renderNagChecksModule());
});

test('rule IDs come from cdk-nag: a pack names a rule after its function unless it overrides the suffix', () => {
  expect(rulesOfPack(HIPAASecurityChecks)).toContainEqual(['S3BucketReplicationEnabled', 'HIPAA.Security-S3BucketReplicationEnabled']);
  const byCheck = ruleIdsByCheck();
  expect(byCheck.S3BucketLoggingEnabled).toEqual([
    'AwsSolutions-S1',
    'HIPAA.Security-S3BucketLoggingEnabled',
    'NIST.800.53.R5-S3BucketLoggingEnabled',
    'PCI.DSS.321-S3BucketLoggingEnabled',
  ]);
  // No rule ID belongs to two checks.
  const ids = Object.values(byCheck).flat();
  expect(new Set(ids).size).toBe(ids.length);
});

test('an acknowledged ID stands for the same check under every pack, keeping a finding suffix; an unshared ID stands alone', () => {
  expect(equivalentNagRuleIds('NIST.800.53.R5-S3BucketReplicationEnabled')).toEqual([
    'NIST.800.53.R5-S3BucketReplicationEnabled',
    'HIPAA.Security-S3BucketReplicationEnabled',
    'PCI.DSS.321-S3BucketReplicationEnabled',
  ]);
  expect(equivalentNagRuleIds('AwsSolutions-S1')).toContain('PCI.DSS.321-S3BucketLoggingEnabled');
  expect(equivalentNagRuleIds('NIST.800.53.R5-IAMNoInlinePolicy[Policy::x]')).toContain('HIPAA.Security-IAMNoInlinePolicy[Policy::x]');
  expect(equivalentNagRuleIds('AwsSolutions-IAM5[Action::s3:*]')).toEqual(['AwsSolutions-IAM5[Action::s3:*]']);
});

/** A versioned, KMS-encrypted, logged, TLS-only bucket with no replication: only the replication check fails. */
function unreplicatedBucketApp(acknowledge: boolean, expand: boolean): App {
  const app = new App({ outdir: tempOutdir() });
  const stack = new Stack(app, 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
  const logs = new Bucket(stack, 'Logs', { enforceSSL: true, versioned: true });
  const bucket = new Bucket(stack, 'Data', {
    encryption: BucketEncryption.KMS,
    enforceSSL: true,
    versioned: true,
    serverAccessLogsBucket: logs,
  });
  if (acknowledge) {
    Validations.of(bucket).acknowledge({ id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: 'The test bucket stays in one region on purpose.' });
  }
  if (expand) AcknowledgeEveryPack.applyTo(app);
  Validations.of(app).addPlugins(new NIST80053R5Checks(app), new HIPAASecurityChecks(app), new PCIDSS321Checks(app));
  return app;
}

test('one NIST acknowledgment, extended to every pack, clears the replication finding under HIPAA and PCI DSS too', () => {
  const replication = (errors: string[]) => errors.filter((e) => /S3BucketReplicationEnabled: S\/Data\//.test(e));
  expect(replication(nagErrors(unreplicatedBucketApp(false, true)))).toHaveLength(3);
  // Without the extension the HIPAA and PCI DSS packs still report the check NIST acknowledged.
  expect(replication(nagErrors(unreplicatedBucketApp(true, false))).map((e) => e.split(':')[0])).toEqual([
    'error HIPAA.Security-S3BucketReplicationEnabled',
    'error PCI.DSS.321-S3BucketReplicationEnabled',
  ]);
  expect(replication(nagErrors(unreplicatedBucketApp(true, true)))).toEqual([]);
});

test('the report lists an extended acknowledgment once, with the IDs it also covers', () => {
  const app = unreplicatedBucketApp(true, true);
  const acks = collectAcknowledgments(app).filter((a) => a.path === 'S/Data');
  expect(acks).toEqual([
    {
      path: 'S/Data',
      ruleId: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason: 'The test bucket stays in one region on purpose.',
      alsoCovers: ['HIPAA.Security-S3BucketReplicationEnabled', 'PCI.DSS.321-S3BucketReplicationEnabled'],
    },
  ]);
});
