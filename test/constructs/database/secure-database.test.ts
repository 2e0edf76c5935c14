import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { SecureBackupPlan } from '../../../constructs/backup/backup-plan';
import { OptOut } from '../../../constructs/core/opt-out';
import { SecureDatabase } from '../../../constructs/database/secure-database';
import { allPacksCheckedStack, nagErrors, optOutsIn, testStack, tieredVpcFixture } from '../nag';

const COPY_TO = 'arn:aws:backup:eu-central-1:111111111111:backup-vault:product-copy';
const REASON = 'Development database recreated from fixtures every morning';

function db(stack: Stack, props: Partial<ConstructorParameters<typeof SecureDatabase>[2]> = {}): SecureDatabase {
  const vpc = tieredVpcFixture(stack);
  const backupPlan = (stack.node.tryFindChild('Backups') as SecureBackupPlan | undefined) ?? new SecureBackupPlan(stack, 'Backups', { copyToVaultArn: COPY_TO });
  return new SecureDatabase(stack, 'Db', { vpc, backupPlan, ...props });
}

describe('SecureDatabase', () => {
  test('is nag-clean under AwsSolutions and NIST 800-53 R5 with no acknowledgment from the caller', () => {
    const { app, stack } = allPacksCheckedStack();
    db(stack);
    expect(nagErrors(app)).toEqual([]);
  });

  const stack = testStack('S');
  const database = db(stack);
  const t = Template.fromStack(stack);

  test('lives in the data subnets, private, Multi-AZ, encrypted with a customer-managed key, protected and retained', () => {
    t.hasResource('AWS::RDS::DBInstance', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PubliclyAccessible: false,
        MultiAZ: true,
        StorageEncrypted: true,
        KmsKeyId: Match.anyValue(),
        DeletionProtection: true,
        EnableIAMDatabaseAuthentication: true,
        ManageMasterUserPassword: true,
        MasterUserSecret: { KmsKeyId: Match.anyValue() },
        BackupRetentionPeriod: 14,
        Port: '5433',
        EnablePerformanceInsights: true,
        MonitoringInterval: 60,
        EnableCloudwatchLogsExports: ['postgresql', 'upgrade'],
      }),
    });
    const vpc = tieredVpcFixture(stack);
    t.hasResourceProperties('AWS::RDS::DBSubnetGroup', {
      SubnetIds: vpc.selectSubnets({ subnetGroupName: 'data' }).subnetIds.map((id) => stack.resolve(id)),
    });
    expect(database.masterUserSecretArn).toBeDefined();
  });

  test('refuses connections without TLS 1.2+ through the parameter group', () => {
    t.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Parameters: Match.objectLike({ 'rds.force_ssl': '1', ssl_min_protocol_version: 'TLSv1.2' }),
    });
  });

  test('MySQL gets require_secure_transport and a non-default port', () => {
    const s = testStack('M');
    db(s, { engine: rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_4_10 }) });
    const tpl = Template.fromStack(s);
    tpl.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: { require_secure_transport: '1' } });
    tpl.hasResourceProperties('AWS::RDS::DBInstance', { Port: '3307' });
  });

  test('exports logs to encrypted log groups kept one year, created before the instance', () => {
    t.resourcePropertiesCountIs('AWS::Logs::LogGroup', { LogGroupName: Match.stringLikeRegexp('^/aws/rds/instance/'), KmsKeyId: Match.anyValue(), RetentionInDays: 365 }, 2);
  });

  test('is selected by the AWS Backup plan', () => {
    t.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({ Resources: [Match.objectLike({ 'Fn::Join': Match.anyValue() })] }),
    });
  });

  test('records each opt-out on the instance', () => {
    const s = testStack('O');
    db(s, {
      backupPlan: undefined,
      optOuts: { multiAz: OptOut.because(REASON), backupPlan: OptOut.because(REASON), deletionProtection: OptOut.because(REASON) },
    });
    const tpl = Template.fromStack(s);
    expect(Object.values(optOutsIn(tpl))).toEqual([
      [
        { control: 'multiAz', reason: REASON },
        { control: 'backupPlan', reason: REASON },
        { control: 'deletionProtection', reason: REASON },
      ],
    ]);
    tpl.hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Snapshot', Properties: Match.objectLike({ MultiAZ: false, DeletionProtection: false }) });
  });

  test.each([
    [{ subnetGroupName: 'public' }, /subnetGroupName: "public" is a public subnet group \(allowed: a private tier such as data\)/],
    [{ subnetGroupName: 'protected-data' }, /subnetGroupName: the VPC has no subnet group "protected-data"/],
    [{ port: 5432 }, /port: 5432 is not allowed \(allowed: 1150-65535 except the engine's default 5432\)/],
    [{ backupRetention: Duration.days(3) }, /backupRetention: 3 days is not allowed \(allowed: 7 to 35 days\)/],
    [{ backupPlan: undefined }, /backupPlan: none given \(allowed: a SecureBackupPlan, or optOuts\.backupPlan with a reason\)/],
    [{ engine: rds.DatabaseInstanceEngine.oracleSe2({ version: rds.OracleEngineVersion.VER_19 }) }, /engine: "oracle-se2" is not supported \(allowed: postgres, mysql, mariadb\)/],
  ])('rejects bad props with a message naming the prop, the value and what is allowed (%#)', (props, message) => {
    expect(() => db(testStack('E'), props)).toThrow(message);
  });
});

describe('SecureDatabase.allowConnectionsFrom', () => {
  test('opens only the database port, as a literal the nag rules can check', () => {
    const stack = testStack('C');
    const database = db(stack);
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc: tieredVpcFixture(stack) });
    database.allowConnectionsFrom(client, 'client to database');
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 5433,
      ToPort: 5433,
      IpProtocol: 'tcp',
      SourceSecurityGroupId: Match.anyValue(),
    });
  });
});
