import { Duration, Names, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { SecureSecret } from '../secrets/secure-secret';
import type { SecureBackupPlan } from '../backup/backup-plan';
import { acknowledgeNoFix, isOptedOut, optOutProblems, recordOptOut, type OptOut } from '../core/opt-out';
import { ENGINE_DEFAULT_PORTS, SECURE_DATABASE_PORTS } from '../core/ports';
import { proactiveControlId } from '../core/proactive-controls';
import { throwIfProblems } from '../core/validation-error';
import { allowLogsToEncrypt } from '../core/logs-key';
import { newKeyWithServiceGrantsOnly } from '../core/kms-grants';

/** Secure defaults of {@link SecureDatabase} a caller may turn off, each with a reason. */
export interface SecureDatabaseOptOuts {
  /** Single-AZ instance (non-production): an AZ failure takes the database down until restored. */
  readonly multiAz?: OptOut;
  /** No AWS Backup plan (RDS automated backups still run). */
  readonly backupPlan?: OptOut;
  /** Allow the instance to be deleted (deletion protection off, `RemovalPolicy.SNAPSHOT`). */
  readonly deletionProtection?: OptOut;
}

/** Props for {@link SecureDatabase}. */
export interface SecureDatabaseProps {
  /** VPC with a `data` subnet group (e.g. a `TieredVpc`). */
  readonly vpc: ec2.IVpc;
  /**
   * Subnet group the database lives in; it must not be a public subnet group.
   * @default 'data'
   */
  readonly subnetGroupName?: string;
  /**
   * Engine: PostgreSQL, MySQL or MariaDB (the engines whose TLS enforcement parameter this construct sets).
   * @default rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 })
   */
  readonly engine?: rds.IInstanceEngine;
  /**
   * Instance class.
   * @default ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MEDIUM)
   */
  readonly instanceType?: ec2.InstanceType;
  /**
   * Initial storage in GiB; storage grows automatically up to 5x.
   * @default 20
   */
  readonly allocatedStorage?: number;
  /**
   * Port, not the engine's default (1150-65535).
   * @default 5433 for PostgreSQL, 3307 for MySQL and MariaDB
   * @see AwsSolutions RDS11
   */
  readonly port?: number;
  /**
   * Days of automated backups (point-in-time recovery), 7-35.
   * @default Duration.days(14)
   */
  readonly backupRetention?: Duration;
  /**
   * AWS Backup plan (locked vault, cross-region copy) the instance is added to.
   * @default - none; required unless `optOuts.backupPlan`
   * @see NIST 800-53 CP-9 (RDSInBackupPlan)
   */
  readonly backupPlan?: SecureBackupPlan;
  /**
   * Customer-managed KMS key for storage, the master-user secret, Performance Insights and the log groups.
   * @default - a new key with yearly rotation, retained
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Subnet group the master password's hosted rotation function runs in (it must reach the database and Secrets Manager).
   * @default 'app'
   */
  readonly rotationSubnetGroupName?: string;
  /**
   * Time between rotations of the master password.
   * @default Duration.days(30)
   * @see Security Hub SecretsManager.1, SecretsManager.4
   */
  readonly rotateMasterPasswordEvery?: Duration;
  /**
   * Secure defaults turned off on purpose; each is recorded in the template metadata.
   * @default - none
   */
  readonly optOuts?: SecureDatabaseOptOuts;
}

/** Parameters that make each supported engine refuse connections without TLS. */
const TLS_PARAMETERS: Record<string, Record<string, string>> = {
  postgres: { 'rds.force_ssl': '1', ssl_min_protocol_version: 'TLSv1.2', log_connections: '1', log_disconnections: '1' },
  mysql: { require_secure_transport: '1' },
  mariadb: { require_secure_transport: '1' },
};
const DEFAULT_PORTS: Record<string, number> = ENGINE_DEFAULT_PORTS;
const SECURE_PORTS: Record<string, number> = SECURE_DATABASE_PORTS;
/** The master user and the Secrets Manager hosted rotation that rotates its password, per engine. */
const MASTER_USERS: Record<string, { readonly username: string; readonly rotation: (o: secretsmanager.SingleUserHostedRotationOptions) => secretsmanager.HostedRotation }> = {
  postgres: { username: 'postgres', rotation: (o) => secretsmanager.HostedRotation.postgreSqlSingleUser(o) },
  mysql: { username: 'admin', rotation: (o) => secretsmanager.HostedRotation.mysqlSingleUser(o) },
  mariadb: { username: 'admin', rotation: (o) => secretsmanager.HostedRotation.mariaDbSingleUser(o) },
};
// Characters RDS refuses in a master password, and those that break connection strings.
const PASSWORD_EXCLUDED = ' %+~`#$&*()|[]{}:;<>?!\'/@"\\';
const LOG_EXPORTS: Record<string, string[]> = { postgres: ['postgresql', 'upgrade'], mysql: ['error', 'slowquery'], mariadb: ['error', 'slowquery'] };

/**
 * An RDS database instance in the data tier, encrypted, TLS-only, with IAM authentication and managed credentials.
 *
 * ```ts
 * const db = new SecureDatabase(this, 'Db', { vpc, backupPlan });
 * db.allowConnectionsFrom(apiFunction, 'API to database');
 * db.instance.grantConnect(apiFunction, 'app_user'); // IAM authentication
 * ```
 *
 * Default settings:
 * - PostgreSQL 17 in the `data` subnet group, not publicly accessible, security group without egress
 * - storage encrypted with a customer-managed key (rotation on), retained
 * - TLS enforced by the parameter group (`rds.force_ssl=1`, TLS 1.2+; `require_secure_transport=1` for MySQL/MariaDB)
 * - IAM database authentication; master password in a {@link SecureSecret} (the database's key), rotated every
 *   30 days by Secrets Manager's hosted rotation in the `app` subnets
 * - Multi-AZ, deletion protection, automated backups kept 14 days, tags copied to snapshots
 * - added to the AWS Backup plan you pass (vault lock, cross-region copy)
 * - logs exported to KMS-encrypted CloudWatch log groups kept one year; enhanced monitoring (60 s);
 *   Performance Insights encrypted with the key; automatic minor version upgrades; non-default port
 *
 * @see Security Hub RDS.1-RDS.9, RDS.11, RDS.13, RDS.23, RDS.27; NIST 800-53 SC-8, SC-28, CP-9, AU-2
 */
export class SecureDatabase extends Construct {
  /**
   * The RDS instance. Read its endpoint and grant IAM database auth through it (`instance.grantConnect`);
   * open the port with {@link allowConnectionsFrom}, not with `instance.connections`.
   */
  public readonly instance: rds.DatabaseInstance;
  /**
   * The key that encrypts storage, the master secret, Performance Insights and the log groups: the one
   * passed as `encryptionKey`, or a new customer-managed key. Readers of the secret need `kms:Decrypt` on it.
   */
  public readonly encryptionKey: kms.IKey;
  /**
   * The master user's credentials: a {@link SecureSecret} encrypted with `encryptionKey`, attached to the instance
   * (host, port, engine) and rotated by Secrets Manager's hosted rotation. Grant it only to admin tooling; the
   * application signs in with IAM database authentication.
   */
  public readonly masterSecret: SecureSecret;
  /** ARN of the master-user secret (`masterSecret.secret.secretArn`). */
  public readonly masterUserSecretArn: string;
  /** Port the database listens on (a literal, so security group rules stay checkable at synth). */
  public readonly port: number;
  private readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: SecureDatabaseProps) {
    super(scope, id);
    const engine = props.engine ?? rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 });
    const engineType = engine.engineType;
    const subnetGroupName = props.subnetGroupName ?? 'data';
    const port = props.port ?? SECURE_PORTS[engineType] ?? 0;
    const retentionDays = props.backupRetention?.toDays() ?? 14;
    const optOuts = props.optOuts ?? {};
    throwIfProblems(this, 'SecureDatabase', [
      ...optOutProblems(props.optOuts, ['multiAz', 'backupPlan', 'deletionProtection']),
      ...(TLS_PARAMETERS[engineType] ? [] : [`engine: "${engineType}" is not supported (allowed: postgres, mysql, mariadb)`]),
      ...(Token.isUnresolved(port) || (Number.isInteger(port) && port >= 1150 && port <= 65535 && port !== DEFAULT_PORTS[engineType])
        ? []
        : [`port: ${port} is not allowed (allowed: 1150-65535 except the engine's default ${DEFAULT_PORTS[engineType]})`]),
      ...(Token.isUnresolved(retentionDays) || (retentionDays >= 7 && retentionDays <= 35)
        ? []
        : [`backupRetention: ${retentionDays} days is not allowed (allowed: 7 to 35 days)`]),
      ...(props.backupPlan || optOuts.backupPlan ? [] : ['backupPlan: none given (allowed: a SecureBackupPlan, or optOuts.backupPlan with a reason)']),
      ...subnetProblems(props.vpc, subnetGroupName),
    ]);

    // A fixed identifier lets the log groups exist (encrypted, with retention) before RDS writes to them.
    const instanceIdentifier = Names.uniqueResourceName(this, { maxLength: 63, separator: '-' }).toLowerCase().replace(/^[^a-z]+/, 'db-');
    this.encryptionKey =
      props.encryptionKey ??
      newKeyWithServiceGrantsOnly(this, 'Key', { description: `Encrypts the database ${this.node.path}`, enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
    allowLogsToEncrypt(this.encryptionKey, [`/aws/rds/instance/${instanceIdentifier}/*`], `CloudWatchLogsEncrypts${Names.uniqueId(this)}`.slice(0, 100));
    const exports = LOG_EXPORTS[engineType] ?? [];
    const logGroups = exports.map(
      (name) =>
        new logs.LogGroup(this, `Log-${name}`, {
          logGroupName: `/aws/rds/instance/${instanceIdentifier}/${name}`,
          encryptionKey: this.encryptionKey,
          retention: logs.RetentionDays.ONE_YEAR,
          removalPolicy: RemovalPolicy.RETAIN,
        }),
    );

    this.port = port;
    const master = MASTER_USERS[engineType] ?? MASTER_USERS.postgres;
    const hostedRotation = master.rotation({ vpc: props.vpc, vpcSubnets: { subnetGroupName: props.rotationSubnetGroupName ?? 'app' }, excludeCharacters: PASSWORD_EXCLUDED });
    this.masterSecret = new SecureSecret(this, 'MasterSecret', {
      description: `Master user of the database ${this.node.path}`,
      encryptionKey: this.encryptionKey,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: master.username }),
        generateStringKey: 'password',
        passwordLength: 32,
        excludeCharacters: PASSWORD_EXCLUDED,
      },
      hostedRotation,
      rotateEvery: props.rotateMasterPasswordEvery,
    });
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Database ${this.node.path}: ingress only from what the app allows`.slice(0, 255),
      allowAllOutbound: false,
    });
    this.securityGroup = securityGroup;
    const deletionProtected = !isOptedOut(optOuts, 'deletionProtection');
    this.instance = new rds.DatabaseInstance(this, 'Resource', {
      engine,
      instanceIdentifier,
      instanceType: props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MEDIUM),
      vpc: props.vpc,
      vpcSubnets: { subnetGroupName },
      securityGroups: [securityGroup],
      publiclyAccessible: false,
      port,
      multiAz: !isOptedOut(optOuts, 'multiAz'),
      storageEncrypted: true,
      storageEncryptionKey: this.encryptionKey,
      storageType: rds.StorageType.GP3,
      allocatedStorage: props.allocatedStorage ?? 20,
      maxAllocatedStorage: (props.allocatedStorage ?? 20) * 5,
      iamAuthentication: true,
      // The user name stays a literal: MasterUsername is a replacement property, so it must not change form.
      credentials: rds.Credentials.fromPassword(master.username, this.masterSecret.secret.secretValueFromJson('password')),
      parameterGroup: new rds.ParameterGroup(this, 'Parameters', { engine, parameters: TLS_PARAMETERS[engineType] }),
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
      backupRetention: Duration.days(retentionDays),
      copyTagsToSnapshot: true,
      deleteAutomatedBackups: false,
      deletionProtection: deletionProtected,
      removalPolicy: deletionProtected ? RemovalPolicy.RETAIN : RemovalPolicy.SNAPSHOT,
      cloudwatchLogsExports: exports,
      monitoringInterval: Duration.seconds(60),
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: this.encryptionKey,
      autoMinorVersionUpgrade: true,
    });
    const cfn = this.instance.node.defaultChild as rds.CfnDBInstance;
    acknowledgeNoFix(
      cfn,
      [proactiveControlId('rds_instance_default_admin_check')],
      `The master user keeps the engine's name ("${master.username}"), but nobody can guess its way in: the password is generated, held in a KMS-encrypted secret that Secrets Manager rotates, the instance is private in the data tier and applications sign in with IAM authentication. MasterUsername is a replacement property, so a new default name would replace every database this construct has created.`,
    );
    for (const logGroup of logGroups) cfn.node.addDependency(logGroup);
    // Rotation needs the host, port and engine the attachment writes into the secret, and a path to the port.
    const attachment = this.masterSecret.secret.attach(this.instance);
    this.masterSecret.rotationSchedule?.node.addDependency(attachment);
    securityGroup.connections.allowFrom(hostedRotation, ec2.Port.tcp(port), 'Hosted rotation of the master password');
    this.masterUserSecretArn = this.masterSecret.secret.secretArn;

    if (props.backupPlan) props.backupPlan.addResource(Names.uniqueId(this).slice(-50), backup.BackupResource.fromRdsDatabaseInstance(this.instance));
    if (optOuts.multiAz) recordOptOut(cfn, 'multiAz', optOuts.multiAz, ['AwsSolutions-RDS3', 'NIST.800.53.R5-RDSMultiAZSupport']);
    if (optOuts.backupPlan) recordOptOut(cfn, 'backupPlan', optOuts.backupPlan, ['NIST.800.53.R5-RDSInBackupPlan']);
    if (optOuts.deletionProtection) {
      recordOptOut(cfn, 'deletionProtection', optOuts.deletionProtection, ['AwsSolutions-RDS10', 'NIST.800.53.R5-RDSInstanceDeletionProtectionEnabled']);
    }
    const monitoringRole = this.instance.node.tryFindChild('MonitoringRole') as iam.Role | undefined;
    if (monitoringRole) {
      acknowledgeNoFix(
        monitoringRole.node.defaultChild as iam.CfnRole,
        ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]'],
        'Enhanced-monitoring role assumable only by monitoring.rds.amazonaws.com; the AWS policy only writes the RDSOSMetrics log group.',
      );
    }
  }

  /**
   * Lets `grantee` sign in as `dbUser` with IAM database authentication (`rds-db:connect` on that user of this
   * instance only), so the application holds no password. Create the user in the database with the `rds_iam` role.
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.IAMPolicy.html
   */
  public grantConnect(grantee: iam.IGrantable, dbUser: string): iam.Grant {
    throwIfProblems(this, 'SecureDatabase', [
      ...(!Token.isUnresolved(dbUser) && !/^[a-z_][a-z0-9_]{0,62}$/.test(dbUser) ? [`grantConnect: dbUser "${dbUser}" is not allowed (allowed: a database user name, lower-case letters, digits and _)`] : []),
    ]);
    return this.instance.grantConnect(grantee, dbUser);
  }

  /**
   * Lets `peer` reach the database port. Prefer this to `instance.connections.allowDefaultPortFrom`, whose
   * port is a CloudFormation token that the nag rules cannot read.
   */
  public allowConnectionsFrom(peer: ec2.IConnectable, description: string): void {
    this.securityGroup.connections.allowFrom(peer, ec2.Port.tcp(this.port), description);
  }
}

/** The subnet group must exist and must not be public. */
function subnetProblems(vpc: ec2.IVpc, subnetGroupName: string): string[] {
  let ids: string[];
  try {
    ids = vpc.selectSubnets({ subnetGroupName }).subnetIds;
  } catch {
    return [`subnetGroupName: the VPC has no subnet group "${subnetGroupName}" (allowed: a private subnet group of the VPC, e.g. data)`];
  }
  const publicIds = new Set(vpc.publicSubnets.map((s) => s.subnetId));
  return ids.some((id) => publicIds.has(id))
    ? [`subnetGroupName: "${subnetGroupName}" is a public subnet group (allowed: a private tier such as data)`]
    : [];
}
