/**
 * The four cdk-nag packs with rule results shared across packs (lib/checks/shared-nag-rules.ts) report exactly
 * what the packs report on their own: the same findings, under each pack's own IDs, with the same
 * acknowledgments honoured.
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { CfnSecurityGroup } from 'aws-cdk-lib/aws-ec2';
import { CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import * as fs from 'fs';
import * as path from 'path';
import { nagPacks, SharedRuleResults } from '../../../lib/checks/shared-nag-rules';
import { tempOutdir } from '../../helpers';

/** Resources with findings in several packs, one of them acknowledged under one pack's ID only. */
function declare(app: App): void {
  const stack = new Stack(app, 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
  new CfnBucket(stack, 'Bucket');
  const acknowledged = new CfnBucket(stack, 'Acknowledged');
  Validations.of(acknowledged).acknowledge({ id: 'AwsSolutions-S1', reason: 'test: acknowledged under AwsSolutions only' });
  new CfnSecurityGroup(stack, 'Open', {
    groupDescription: 'open',
    securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: '0.0.0.0/0' }],
  });
  new CfnTable(stack, 'Table', { keySchema: [{ attributeName: 'id', keyType: 'HASH' }], attributeDefinitions: [{ attributeName: 'id', attributeType: 'S' }], billingMode: 'PAY_PER_REQUEST' });
}

/** `pack rule: path` for every finding of the nag packs, read from the validation report. */
function findings(app: App): string[] {
  try {
    app.synth();
  } catch (e) {
    if (!fs.existsSync(path.join(app.outdir, 'validation-report.json'))) throw e;
  }
  const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8'));
  return report.pluginReports
    .flatMap((r: any) => r.violations.flatMap((v: any) => v.violatingConstructs.map((c: any) => `${r.pluginName} ${v.severity} ${v.ruleName}: ${c.constructPath}`)))
    .sort();
}

test('shared rule results give every pack the findings it gives alone, and rules in several packs run once', () => {
  const alone = new App({ outdir: tempOutdir() });
  declare(alone);
  Validations.of(alone).addPlugins(new AwsSolutionsChecks(alone), new NIST80053R5Checks(alone), new HIPAASecurityChecks(alone), new PCIDSS321Checks(alone));
  const expected = findings(alone);
  // The cases are real: findings in every pack, and the acknowledgment honoured under its own pack only.
  for (const pack of ['AwsSolutions', 'NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321']) expect(expected.some((f) => f.includes(` ${pack}-`))).toBe(true);
  expect(expected.filter((f) => f.includes('AwsSolutions-S1:'))).toEqual(['AwsSolutions error AwsSolutions-S1: S/Bucket']);
  expect(expected).toEqual(expect.arrayContaining([expect.stringMatching(/NIST\.800\.53\.R5-S3BucketLoggingEnabled: S\/Acknowledged$/)]));

  const shared = new App({ outdir: tempOutdir() });
  declare(shared);
  const results = new SharedRuleResults();
  Validations.of(shared).addPlugins(...nagPacks(shared, results));
  expect(findings(shared)).toEqual(expected);
  expect(results.reused).toBeGreaterThan(0);
});
