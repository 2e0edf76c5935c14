import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
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

  test('is clean under all four packs (HIPAA and PCI DSS too) in its own resources', () => {
    const { app, stack } = allPacksCheckedStack();
    db(stack);
    // The VPC fixture's public routes and the backup plan are other constructs' findings, fixed there.
    expect(nagErrors(app).filter((f) => /: Product\/Db\//.test(f))).toEqual([]);
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
        ManageMasterUserPassword: Match.absent(),
        MasterUsername: 'postgres',
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

describe('SecureDatabase master credentials', () => {
  const stack = testStack('M');
  const database = db(stack);
  const t = Template.fromStack(stack);
  const secretId = stack.getLogicalId(database.masterSecret.secret.node.defaultChild as any);

  test('keeps the master user name a literal (a replacement property) and takes the password from its SecureSecret', () => {
    const [instance] = Object.values<any>(t.findResources('AWS::RDS::DBInstance'));
    expect(instance.Properties.MasterUsername).toBe('postgres');
    expect(JSON.stringify(instance.Properties.MasterUserPassword)).toContain(`{"Ref":"${secretId}"}`);
    expect(JSON.stringify(instance.Properties.MasterUserPassword)).toContain(':SecretString:password::}}');
  });

  test('encrypts the secret with the database key, attaches it to the instance and rotates it with the hosted rotation after the attachment', () => {
    const keyId = stack.getLogicalId(database.encryptionKey.node.defaultChild as any);
    t.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] }, GenerateSecretString: Match.objectLike({ SecretStringTemplate: '{"username":"postgres"}', GenerateStringKey: 'password' }) }),
    });
    t.hasResourceProperties('AWS::SecretsManager::SecretTargetAttachment', { TargetType: 'AWS::RDS::DBInstance' });
    const [attachmentId] = Object.keys(t.findResources('AWS::SecretsManager::SecretTargetAttachment'));
    t.hasResource('AWS::SecretsManager::RotationSchedule', {
      DependsOn: Match.arrayWith([attachmentId]),
      Properties: Match.objectLike({ HostedRotationLambda: Match.objectLike({ RotationType: 'PostgreSQLSingleUser', VpcSubnetIds: Match.anyValue() }), RotationRules: { ScheduleExpression: 'rate(30 days)' } }),
    });
    expect(database.masterUserSecretArn).toEqual(database.masterSecret.secret.secretArn);
  });

  test('opens the database port to the rotation function', () => {
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 5433, ToPort: 5433, Description: 'Hosted rotation of the master password' });
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

describe('SecureDatabase.grantConnect', () => {
  test('grants rds-db:connect on one database user of this instance only', () => {
    const stack = testStack('G');
    const database = db(stack);
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    database.grantConnect(role, 'app_user');
    const [policy] = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
    const statement = policy.Properties.PolicyDocument.Statement.find((s: any) => s.Action === 'rds-db:connect');
    expect(JSON.stringify(statement.Resource)).toContain(':dbuser:');
    expect(JSON.stringify(statement.Resource)).toContain('/app_user');
  });

  test('refuses a user name the database would not have', () => {
    const stack = testStack('H');
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    expect(() => db(stack).grantConnect(role, 'App User')).toThrow(/SecureDatabase H\/Db: grantConnect: dbUser "App User" is not allowed/);
  });
});
