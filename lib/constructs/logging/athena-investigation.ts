import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { CfnNamedQuery, CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import { CfnDatabase } from 'aws-cdk-lib/aws-glue';
import { type IPrincipal, ManagedPolicy, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { throwIfProblems } from '../../../constructs/core/validation-error';
import { INVESTIGATION_QUERIES, type InvestigationQuery } from './investigation-queries';
import { RequestLogTables, type RequestLogTablesProps } from './request-log-tables';
import { SourceLogTables, type SourceLogTablesProps } from './source-log-tables';
import { LogArchiveBucket, WITHOUT_OBJECT_LOCK_BECAUSE } from './log-archive-bucket';
import { FLOW_LOG_FIELDS } from '../../../constructs/network/vpc-logging';
import { CLOUDTRAIL_COLUMNS, dated, enumerated, flowLogColumns, injected, ProjectedLogTable } from './log-tables';

export interface AthenaInvestigationProps {
  /** Glue database holding the log tables. */
  readonly databaseName: string;
  /** @default 'cloudtrail' */
  readonly cloudTrailTableName?: string;
  /** @default 'vpc_flow_logs' */
  readonly flowLogTableName?: string;
  readonly workGroupName: string;
  /** The archive bucket the tables read. */
  readonly archiveBucket: IBucket;
  /** The archive key (results are encrypted with it too). */
  readonly archiveKey: IKey;
  /** Organization ID: the organization trail writes under `AWSLogs/<org-id>/`. */
  readonly organizationId: string;
  /** Regions the CloudTrail partitions enumerate (include us-east-1: global service events are logged there). */
  readonly cloudTrailRegions: readonly string[];
  /** Regions the flow-log partitions enumerate. */
  readonly flowLogRegions: readonly string[];
  /** Flow-log fields in record order. @default FLOW_LOG_FIELDS */
  readonly flowLogFields?: readonly string[];
  /** First projected day (yyyy/MM/dd). @default '2025/01/01' */
  readonly startDay?: string;
  readonly resultsBucketName: string;
  /** Days query results are kept. */
  readonly resultsExpirationDays: number;
  /** Queries scanning more than this are cancelled. */
  readonly bytesScannedCutoffGb: number;
  /** Bucket receiving the results bucket's server access logs. */
  readonly serverAccessLogsBucket: IBucket;
  /** Principal ARN patterns exempt from the results bucket's protective deny. */
  readonly exemptPrincipalArnPatterns: readonly string[];
  /** Name of the investigator role (the key policy names it as a reader). */
  readonly investigatorRoleName: string;
  /** Who may assume the investigator role (their own IAM policies must allow sts:AssumeRole too). */
  readonly investigatorTrustedBy: IPrincipal;
  /**
   * Archive prefixes outside `AWSLogs/` the investigator reads too (e.g. `guardduty`, `ssm-session-logs`):
   * without them those logs would be write-only. @default - none
   */
  readonly additionalReadPrefixes?: readonly string[];
  /** Resolver, GuardDuty and Network Firewall tables. @default - none (their saved queries are skipped) */
  readonly sourceTables?: Omit<SourceLogTablesProps, 'databaseName' | 'bucketName' | 'startDay'>;
  /** ALB, S3 server access and Session Manager tables. @default - none (their saved queries are skipped) */
  readonly requestTables?: Omit<RequestLogTablesProps, 'databaseName' | 'startDay'>;
  /** Saved queries. @default INVESTIGATION_QUERIES */
  readonly queries?: readonly InvestigationQuery[];
}

const GIB = 1024 * 1024 * 1024;

/**
 * Athena over the log archive: a Glue database with projected CloudTrail and flow-log tables, a workgroup that
 * enforces encrypted results and a bytes-scanned cutoff, saved investigation queries, and the investigator role.
 *
 * Default settings: workgroup configuration enforced (clients cannot override), SSE-KMS results, CloudWatch
 * metrics on, results expire, database and tables RETAIN.
 *
 * @see cdk-nag AwsSolutions-ATH1
 */
export class AthenaInvestigation extends Construct {
  public readonly workGroup: CfnWorkGroup;
  public readonly database: CfnDatabase;
  public readonly cloudTrailTable: ProjectedLogTable;
  public readonly flowLogTable: ProjectedLogTable;
  public readonly sourceTables?: SourceLogTables;
  public readonly requestTables?: RequestLogTables;
  public readonly resultsBucket: LogArchiveBucket;
  public readonly investigatorRole: Role;
  public readonly namedQueries: CfnNamedQuery[] = [];

  constructor(scope: Construct, id: string, props: AthenaInvestigationProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const problems: string[] = [];
    if (!/^\d{4}\/\d{2}\/\d{2}$/.test(props.startDay ?? '2025/01/01')) problems.push(`startDay "${props.startDay}" is not yyyy/MM/dd`);
    throwIfProblems(this, 'AthenaInvestigation', problems);

    const bucket = props.archiveBucket.bucketName;
    const cloudTrailTableName = props.cloudTrailTableName ?? 'cloudtrail';
    const flowLogTableName = props.flowLogTableName ?? 'vpc_flow_logs';
    const startDay = props.startDay ?? '2025/01/01';

    this.database = new CfnDatabase(this, 'Database', {
      catalogId: stack.account,
      databaseInput: { name: props.databaseName, description: 'Log archive tables for incident investigation' },
    });
    this.database.applyRemovalPolicy(RemovalPolicy.RETAIN);

    this.cloudTrailTable = new ProjectedLogTable(this, 'CloudTrailTable', {
      databaseName: props.databaseName,
      tableName: cloudTrailTableName,
      description: 'Organization trail (management and data events of every account)',
      columns: CLOUDTRAIL_COLUMNS,
      locationTemplate: `s3://${bucket}/AWSLogs/${props.organizationId}/\${account}/CloudTrail/\${region}/\${day}`,
      accountIds: [],
      regions: props.cloudTrailRegions,
      startDay,
      format: 'cloudtrail',
      // The account is injected (named by each query), so an account created after the deploy needs no config edit.
      partitions: [injected('account'), enumerated('region', props.cloudTrailRegions), dated('day', startDay)],
    });
    this.flowLogTable = new ProjectedLogTable(this, 'FlowLogTable', {
      databaseName: props.databaseName,
      tableName: flowLogTableName,
      description: 'VPC flow logs of every landing-zone VPC',
      columns: flowLogColumns(props.flowLogFields ?? FLOW_LOG_FIELDS),
      locationTemplate: `s3://${bucket}/AWSLogs/\${account}/vpcflowlogs/\${region}/\${day}`,
      accountIds: [],
      regions: props.flowLogRegions,
      startDay,
      format: 'flow-logs',
      partitions: [injected('account'), enumerated('region', props.flowLogRegions), dated('day', startDay)],
    });
    if (props.sourceTables) {
      this.sourceTables = new SourceLogTables(this, 'SourceTables', { ...props.sourceTables, databaseName: props.databaseName, bucketName: bucket, startDay });
    }
    if (props.requestTables) {
      this.requestTables = new RequestLogTables(this, 'RequestTables', { ...props.requestTables, databaseName: props.databaseName, startDay });
    }
    const source = this.sourceTables;
    const request = this.requestTables;
    for (const t of [
      this.cloudTrailTable, this.flowLogTable,
      ...(source ? [source.resolver, source.guardDuty, source.firewall] : []),
      ...(request ? [...request.elb, ...request.s3Access, request.sessions] : []),
    ]) {
      t.table.addResourceDependency(this.database);
    }

    this.resultsBucket = new LogArchiveBucket(this, 'ResultsBucket', {
      bucketName: props.resultsBucketName,
      withoutObjectLockBecause: WITHOUT_OBJECT_LOCK_BECAUSE.queryResults,
      encryptionKey: props.archiveKey,
      expirationDays: props.resultsExpirationDays,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      exemptPrincipalArnPatterns: props.exemptPrincipalArnPatterns,
    });

    this.workGroup = new CfnWorkGroup(this, 'WorkGroup', {
      name: props.workGroupName,
      description: 'Incident investigation over the log archive',
      state: 'ENABLED',
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffGb * GIB,
        resultConfiguration: {
          outputLocation: `s3://${props.resultsBucketName}/results/`,
          expectedBucketOwner: stack.account,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: props.archiveKey.keyArn },
        },
      },
    });
    this.workGroup.node.addDependency(this.resultsBucket);

    const tables: Partial<Record<InvestigationQuery['table'], string>> = {
      cloudtrail: cloudTrailTableName,
      flowLogs: flowLogTableName,
      ...(props.sourceTables ? { resolver: props.sourceTables.names.resolver, guardDuty: props.sourceTables.names.guardDuty, firewallAlerts: props.sourceTables.names.firewall } : {}),
      // The first ELB bucket (the home region's) and the first access-logged bucket (the archive) are the saved queries' tables.
      ...(props.requestTables
        ? { elb: props.requestTables.elbBuckets[0]?.tableName, s3Access: props.requestTables.accessLogged[0]?.tableName, sessionLogs: props.requestTables.sessionLogs.tableName }
        : {}),
    };
    for (const q of props.queries ?? INVESTIGATION_QUERIES) {
      const table = tables[q.table];
      if (!table) continue;
      const named = new CfnNamedQuery(this, `Query${q.id}`, {
        name: q.name,
        description: q.description,
        database: props.databaseName,
        workGroup: this.workGroup.ref,
        queryString: q.sql.replace(/\{table\}/g, table),
      });
      named.addResourceDependency(this.workGroup);
      this.namedQueries.push(named);
    }

    this.investigatorRole = this.createInvestigatorRole(props);
  }

  private createInvestigatorRole(props: AthenaInvestigationProps): Role {
    const stack = Stack.of(this);
    const role = new Role(this, 'InvestigatorRole', {
      roleName: props.investigatorRoleName,
      assumedBy: props.investigatorTrustedBy,
      maxSessionDuration: Duration.hours(4),
      description: 'Reads the log archive through the investigations workgroup (the only decrypting role)',
    });
    const statements: PolicyStatement[] = [];
    const workGroupArn = stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: props.workGroupName });
    statements.push(
      new PolicyStatement({
        sid: 'UseInvestigationsWorkGroup',
        actions: [
          'athena:StartQueryExecution', 'athena:StopQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults',
          'athena:GetQueryRuntimeStatistics', 'athena:ListQueryExecutions', 'athena:BatchGetQueryExecution',
          'athena:GetWorkGroup', 'athena:ListNamedQueries', 'athena:GetNamedQuery', 'athena:BatchGetNamedQuery',
        ],
        resources: [workGroupArn],
      }),
    );
    // List calls the Athena console makes; they support no resource-level permissions.
    statements.push(new PolicyStatement({ sid: 'AthenaConsoleLists', actions: ['athena:ListWorkGroups', 'athena:ListDataCatalogs'], resources: ['*'] }));
    statements.push(
      new PolicyStatement({
        sid: 'ReadLogTables',
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartition', 'glue:GetPartitions'],
        resources: [
          stack.formatArn({ service: 'glue', resource: 'catalog' }),
          stack.formatArn({ service: 'glue', resource: 'database', resourceName: props.databaseName }),
          stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${props.databaseName}/*` }),
        ],
      }),
    );
    statements.push(
      new PolicyStatement({
        sid: 'ReadArchive',
        actions: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation'],
        resources: [
          props.archiveBucket.bucketArn,
          ...['AWSLogs', ...(props.additionalReadPrefixes ?? [])].map((p) => props.archiveBucket.arnForObjects(`${p}/*`)),
        ],
      }),
    );
    const requestBuckets = [
      ...new Set([...(props.requestTables?.elbBuckets ?? []).map((b) => b.bucketName), ...(props.requestTables?.accessLogged ?? []).map((b) => b.accessLogBucketName)]),
    ];
    if (requestBuckets.length > 0) {
      // Load balancer and S3 access logs are SSE-S3 (neither service writes SSE-KMS): reading needs no key.
      statements.push(
        new PolicyStatement({
          sid: 'ReadRequestLogs',
          actions: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation'],
          resources: requestBuckets.flatMap((b) => [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`]),
        }),
      );
    }
    statements.push(
      new PolicyStatement({
        sid: 'WriteAndReadResults',
        actions: ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        resources: [this.resultsBucket.bucket.bucketArn, this.resultsBucket.bucket.arnForObjects('results/*')],
      }),
    );
    statements.push(
      new PolicyStatement({
        sid: 'DecryptArchiveEncryptResults',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
        resources: [props.archiveKey.keyArn],
      }),
    );
    const policy = new ManagedPolicy(this, 'InvestigatorPolicy', { roles: [role], statements });
    const arnOf = (b: IBucket) => {
      const resolved = stack.resolve(b.bucketArn);
      return resolved['Fn::GetAtt'] ? `<${resolved['Fn::GetAtt'][0]}.Arn>` : String(resolved);
    };
    const wildcards: Array<[string, string]> = [
      ['*', 'athena:ListWorkGroups and athena:ListDataCatalogs are list-only calls of the Athena console with no resource-level permissions.'],
      [`${arnOf(props.archiveBucket)}/AWSLogs/*`, 'Athena reads every log object under AWSLogs/ (all accounts, regions and days); the partition filter narrows what a query scans.'],
      ...(props.additionalReadPrefixes ?? []).map((p): [string, string] => [
        `${arnOf(props.archiveBucket)}/${p}/*`,
        `Investigators read every object under ${p}/ (all accounts and days): the logs there are only useful if someone can read them; writers cannot.`,
      ]),
      [`${arnOf(this.resultsBucket.bucket)}/results/*`, 'Athena writes one object per query execution under results/, with names it generates; the results bucket holds nothing else.'],
      [stack.resolve(stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${props.databaseName}/*` })), 'Read-only Glue access to the tables of the log database, which holds only the log tables this construct defines.'],
      ...requestBuckets.map((b): [string, string] => [
        `arn:aws:s3:::${b}/*`,
        `${b} holds only load balancer or S3 server access logs (every account, region and day): Athena reads any of them; writers cannot read.`,
      ]),
    ];
    for (const [resource, reason] of wildcards) {
      Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[Resource::${typeof resource === 'string' ? resource : JSON.stringify(resource)}]`, reason });
    }
    return role;
  }
}
