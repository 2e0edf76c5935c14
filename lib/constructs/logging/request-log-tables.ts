import { Construct } from 'constructs';
import { ELB_ACCESS_LOG_PREFIX } from '../../../constructs/web/secure-load-balancer';
import { type ColumnSpec, dated, injected, ProjectedLogTable } from './log-tables';

const s = 'string';

/**
 * Application Load Balancer access log entry fields, in entry order (the Athena documentation's table,
 * including `classification`, `classification_reason` and `conn_trace_id`).
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html#access-log-entry-format
 * @see https://docs.aws.amazon.com/athena/latest/ug/create-alb-access-logs-table.html
 */
export const ALB_ACCESS_LOG_COLUMNS: readonly ColumnSpec[] = [
  { name: 'type', type: s },
  { name: 'time', type: s },
  { name: 'elb', type: s },
  { name: 'client_ip', type: s },
  { name: 'client_port', type: 'int' },
  { name: 'target_ip', type: s },
  { name: 'target_port', type: 'int' },
  { name: 'request_processing_time', type: 'double' },
  { name: 'target_processing_time', type: 'double' },
  { name: 'response_processing_time', type: 'double' },
  { name: 'elb_status_code', type: 'int' },
  { name: 'target_status_code', type: s },
  { name: 'received_bytes', type: 'bigint' },
  { name: 'sent_bytes', type: 'bigint' },
  { name: 'request_verb', type: s },
  { name: 'request_url', type: s },
  { name: 'request_proto', type: s },
  { name: 'user_agent', type: s },
  { name: 'ssl_cipher', type: s },
  { name: 'ssl_protocol', type: s },
  { name: 'target_group_arn', type: s },
  { name: 'trace_id', type: s },
  { name: 'domain_name', type: s },
  { name: 'chosen_cert_arn', type: s },
  { name: 'matched_rule_priority', type: s },
  { name: 'request_creation_time', type: s },
  { name: 'actions_executed', type: s },
  { name: 'redirect_url', type: s },
  { name: 'lambda_error_reason', type: s },
  { name: 'target_port_list', type: s },
  { name: 'target_status_code_list', type: s },
  { name: 'classification', type: s },
  { name: 'classification_reason', type: s },
  { name: 'conn_trace_id', type: s },
];

/**
 * The Athena documentation's `input.regex` for ALB access logs (the DDL's `\"` and `\\s` unescaped). Its
 * trailing `?( .*)?` keeps entries parseable when ELB appends fields.
 * @see https://docs.aws.amazon.com/athena/latest/ug/create-alb-access-logs-table.html
 */
export const ALB_ACCESS_LOG_REGEX =
  '([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*):([0-9]*) ([^ ]*)[:-]([0-9]*) ([-.0-9]*) ([-.0-9]*) ([-.0-9]*) (|[-0-9]*) (-|[-0-9]*) ([-0-9]*) ([-0-9]*) ' +
  '"([^ ]*) (.*) (- |[^ ]*)" "([^"]*)" ([A-Z0-9-_]+) ([A-Za-z0-9.-]*) ([^ ]*) "([^"]*)" "([^"]*)" "([^"]*)" ([-.0-9]*) ([^ ]*) "([^"]*)" "([^"]*)" ' +
  '"([^ ]*)" "([^\\s]+?)" "([^\\s]+)" "([^ ]*)" "([^ ]*)" ?([^ ]*)? ?( .*)?';

/**
 * S3 server access log record fields, in record order (the column names of the S3 documentation's Athena table).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/LogFormat.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-s3-access-logs-to-identify-requests.html
 */
export const S3_ACCESS_LOG_COLUMNS: readonly ColumnSpec[] = [
  'bucketowner', 'bucket_name', 'requestdatetime', 'remoteip', 'requester', 'requestid', 'operation', 'key', 'request_uri', 'httpstatus',
  'errorcode', 'bytessent', 'objectsize', 'totaltime', 'turnaroundtime', 'referrer', 'useragent', 'versionid', 'hostid', 'sigv', 'ciphersuite',
  'authtype', 'endpoint', 'tlsversion', 'accesspointarn', 'aclrequired',
].map((name) => ({ name, type: name === 'bytessent' || name === 'objectsize' ? 'bigint' : s }));

/** The S3 documentation's `input.regex` for server access logs (the DDL's `\\[` and `\"` unescaped). */
export const S3_ACCESS_LOG_REGEX =
  '([^ ]*) ([^ ]*) \\[(.*?)\\] ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ("[^"]*"|-) (-|[0-9]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ' +
  '("[^"]*"|-) ([^ ]*)(?: ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*))?.*$';

/** Session Manager transcripts are terminal output: one row per line. */
export const SESSION_LOG_COLUMNS: readonly ColumnSpec[] = [{ name: 'line', type: s }];

/** A load balancer log bucket of one region. */
export interface ElbLogBucket {
  readonly region: string;
  readonly bucketName: string;
  /** Glue table name. */
  readonly tableName: string;
}

/** A bucket whose server access logs are read, and the bucket receiving them (same account and region). */
export interface AccessLoggedBucket {
  readonly bucketName: string;
  readonly region: string;
  readonly accessLogBucketName: string;
  /** Glue table name. */
  readonly tableName: string;
}

export interface RequestLogTablesProps {
  readonly databaseName: string;
  /** The account owning the buckets (the security-log account). */
  readonly account: string;
  /** Load balancer log buckets, one per governed region (ELB delivers only within its region). */
  readonly elbBuckets: readonly ElbLogBucket[];
  /** Buckets whose server access logs get a table. */
  readonly accessLogged: readonly AccessLoggedBucket[];
  /** The archive (session logs) and the session-log prefix, without slashes. */
  readonly sessionLogs: { readonly bucketName: string; readonly prefix: string; readonly tableName: string };
  /** First projected day (yyyy/MM/dd). */
  readonly startDay: string;
}

/**
 * The tables of request-level logs: ALB access logs per region, S3 server access logs per logged bucket, and
 * Session Manager transcripts. Each follows its source's documented key layout; accounts and load balancers
 * are `injected` partitions (named by each query), so an account or load balancer created after the deploy is
 * queryable without a config edit. Athena in the home region reads the other regions' ELB buckets directly.
 *
 * Default settings: external tables, RETAIN, RegexSerDe as documented by AWS for ALB and S3 logs, daily date projection.
 */
export class RequestLogTables extends Construct {
  public readonly elb: ProjectedLogTable[] = [];
  public readonly s3Access: ProjectedLogTable[] = [];
  public readonly sessions: ProjectedLogTable;

  constructor(scope: Construct, id: string, props: RequestLogTablesProps) {
    super(scope, id);
    const base = { databaseName: props.databaseName, accountIds: [], regions: [], startDay: props.startDay };
    for (const b of props.elbBuckets) {
      // <bucket>/elb/<construct address>/AWSLogs/<account>/elasticloadbalancing/<region>/yyyy/MM/dd/<file>.log.gz
      // (SecureLoadBalancer's prefix; https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html)
      this.elb.push(
        new ProjectedLogTable(this, `Elb-${b.region}`, {
          ...base,
          tableName: b.tableName,
          description: `ALB access logs of ${b.region} (name account and lb, the SecureLoadBalancer address, in the WHERE clause)`,
          columns: ALB_ACCESS_LOG_COLUMNS,
          locationTemplate: `s3://${b.bucketName}/${ELB_ACCESS_LOG_PREFIX}/\${lb}/AWSLogs/\${account}/elasticloadbalancing/${b.region}/\${day}`,
          partitions: [injected('lb'), injected('account'), dated('day', props.startDay)],
          format: { regex: ALB_ACCESS_LOG_REGEX },
        }),
      );
    }
    for (const b of props.accessLogged) {
      // Date-based partitioning: <prefix><source account>/<source region>/<source bucket>/yyyy/MM/dd/<file>
      // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PartitionedPrefix.html)
      this.s3Access.push(
        new ProjectedLogTable(this, `S3Access-${b.bucketName}`, {
          ...base,
          tableName: b.tableName,
          description: `S3 server access logs of ${b.bucketName}`,
          columns: S3_ACCESS_LOG_COLUMNS,
          locationTemplate: `s3://${b.accessLogBucketName}/${b.bucketName}/${props.account}/${b.region}/${b.bucketName}/\${day}`,
          partitions: [dated('day', props.startDay)],
          format: { regex: S3_ACCESS_LOG_REGEX },
        }),
      );
    }
    // <prefix>/<account>/<session-id>.log: no date folders, so the account is the only partition.
    this.sessions = new ProjectedLogTable(this, 'SessionLogs', {
      ...base,
      tableName: props.sessionLogs.tableName,
      description: 'Session Manager transcripts, one row per line (name account in the WHERE clause; "$path" is the session)',
      columns: SESSION_LOG_COLUMNS,
      locationTemplate: `s3://${props.sessionLogs.bucketName}/${props.sessionLogs.prefix}/\${account}`,
      partitions: [injected('account')],
      format: 'lines',
    });
  }
}
