import * as rds from 'aws-cdk-lib/aws-rds';
import { SecureBackupPlan } from '../../../constructs/backup/backup-plan';
import { ENGINE_DEFAULT_PORTS, SECURE_DATABASE_PORTS } from '../../../constructs/core/ports';
import { SecureDatabase } from '../../../constructs/database/secure-database';
import { tierEntries } from '../../../constructs/network/tier-nacls';
import type { TierName } from '../../../constructs/network/tiers';
import { testStack, tieredVpcFixture } from '../nag';

/** Ports the data tier's NACL admits from the app tier with TieredVpc's defaults. */
function dataPortsFromApp(): number[] {
  const cidrs = new Map<TierName, string[]>([
    ['app', ['10.0.4.0/22']],
    ['data', ['10.0.8.0/24']],
  ]);
  return tierEntries('data', cidrs, '10.0.0.0/16')
    .filter((e) => e.rule.direction === 'ingress' && typeof e.rule.peer === 'object' && e.rule.peer.tier === 'app')
    .map((e) => e.rule.from);
}

test.each([
  ['postgres', rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 })],
  ['mysql', rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_4_5 })],
])('a %s SecureDatabase listens on a port the data tier admits from the app tier by default', (_name, engine) => {
  const stack = testStack('S');
  const backupPlan = new SecureBackupPlan(stack, 'Backups', { copyToVaultArn: 'arn:aws:backup:eu-central-1:111111111111:backup-vault:copy' });
  const db = new SecureDatabase(stack, 'Db', { vpc: tieredVpcFixture(stack), backupPlan, engine });
  expect(Object.values(SECURE_DATABASE_PORTS)).toContain(db.port);
  expect(dataPortsFromApp()).toContain(db.port);
});

test('the agreed ports are never the engines\' defaults (AwsSolutions-RDS11)', () => {
  for (const engine of Object.keys(SECURE_DATABASE_PORTS) as (keyof typeof SECURE_DATABASE_PORTS)[]) {
    expect(SECURE_DATABASE_PORTS[engine]).not.toBe(ENGINE_DEFAULT_PORTS[engine]);
  }
});
