/**
 * Every log source the archive receives, in one table: where it writes, the Athena table that reads it, the
 * silence alarm that watches it (or why none can), and who can read it. The log-archive stacks take each
 * source's silence threshold from here and `docs/logging.md` is generated from it (`npm run docs`), so adding a
 * source is one row plus its table and its alarm; a test fails when a row has neither an alarm nor a reason.
 */
export interface LogSourceEntry {
  /** Stable ID: the silence alarm is `LZ-LogSilence-<id>` (with `-<account>` or `-<region>` where `per` says so). */
  readonly id: string;
  readonly source: string;
  /** The bucket (a `logArchiveNames` / `regionalLogArchiveNames` field). */
  readonly bucket: string;
  /** Key layout under the bucket. */
  readonly prefix: string;
  /** Who may write there (as the bucket policy and the delivery table prove). */
  readonly writtenBy: string;
  /** Glue tables reading it (a `<region>` or `<bucket>` placeholder where there is one per region or bucket). */
  readonly tables: readonly string[];
  /**
   * The longest normal silence, in hours: no new object for longer raises the alarm. `per` says whether there
   * is one alarm per network account or per ELB region. Or why silence is no signal for this source.
   */
  readonly silence: { readonly maxHours: number; readonly per?: 'account' | 'region'; readonly why: string } | { readonly none: string };
  /** Who can read it. */
  readonly readers: string;
}

const INVESTIGATOR = 'investigator (Athena, decrypts through the archive key)';
const INVESTIGATOR_SSE_S3 = 'investigator (Athena; SSE-S3, no key needed) and the security-log account\u2019s administrators';

export const LOG_SOURCES: readonly LogSourceEntry[] = [
  {
    id: 'CloudTrail',
    source: 'organization trail',
    bucket: 'bucketName',
    prefix: 'AWSLogs/<org-id>/<account>/CloudTrail/<region>/yyyy/MM/dd/',
    writtenBy: '`cloudtrail.amazonaws.com`, only for the trail ARN (and its encryption context)',
    tables: ['cloudtrail'],
    // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/how-cloudtrail-works.html (about every 5 minutes)
    silence: { maxHours: 1, why: 'CloudTrail delivers about every 5 minutes, and management events never stop in a live organization' },
    readers: INVESTIGATOR,
  },
  {
    id: 'FlowLogs',
    source: 'VPC flow logs',
    bucket: 'bucketName',
    prefix: 'AWSLogs/<account>/vpcflowlogs/<region>/yyyy/MM/dd/ (no prefix, plain text, no hive or per-hour partitions, format `FLOW_LOG_FORMAT`)',
    writtenBy: '`delivery.logs.amazonaws.com`, this organization only, each account under its own prefix',
    tables: ['vpc_flow_logs'],
    // https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3.html (log files every 5 minutes)
    silence: { maxHours: 1, per: 'account', why: 'flow logs publish every 5 minutes, and a VPC with endpoints and NAT always has flows' },
    readers: INVESTIGATOR,
  },
  {
    id: 'ResolverQueryLogs',
    source: 'Route 53 Resolver query logs',
    bucket: 'bucketName',
    prefix: 'AWSLogs/<account>/vpcdnsquerylogs/<vpc-id>/yyyy/MM/dd/',
    writtenBy: '`delivery.logs.amazonaws.com`, as above; the configuration is created by the network stacks\u2019 execution role (`s3:ListBucket` on the archive)',
    tables: ['resolver_query_logs'],
    silence: { maxHours: 6, per: 'account', why: 'instances and the SSM agent resolve names all day; a quiet VPC still queries within hours' },
    readers: INVESTIGATOR,
  },
  {
    id: 'FirewallAlerts',
    source: 'Network Firewall alerts',
    bucket: 'bucketName',
    prefix: 'AWSLogs/<account>/network-firewall/alert/<region>/<firewall>/yyyy/MM/dd/HH/',
    writtenBy: '`delivery.logs.amazonaws.com`, as above',
    tables: ['network_firewall_alerts'],
    silence: { maxHours: 168, per: 'account', why: 'alerts arrive only when a rule alerts; a default-deny egress firewall without one alert in a week has most likely stopped logging' },
    readers: INVESTIGATOR,
  },
  {
    id: 'GuardDutyExport',
    source: 'GuardDuty findings export',
    bucket: 'bucketName',
    prefix: 'guardduty/AWSLogs/<administrator>/GuardDuty/<region>/yyyy/MM/dd/ (publishing destination `arn:aws:s3:::<bucket>/guardduty/`)',
    writtenBy: '`guardduty.amazonaws.com`, this organization only, under its own account',
    tables: ['guardduty_findings'],
    silence: { maxHours: 168, why: 'exports happen only when there are findings (new ones within 5 minutes, updates every 6 hours); a quiet organization may have none for days' },
    readers: INVESTIGATOR,
  },
  {
    id: 'SessionLogs',
    source: 'Session Manager session logs',
    bucket: 'bucketName',
    prefix: 'ssm-session-logs/<account>/<session-id>.log',
    writtenBy: 'the organization\u2019s instance roles (`aws:PrincipalOrgID`), each under its own account, encrypt-only (multipart uploads of long sessions may decrypt through S3 only)',
    tables: ['session_logs'],
    silence: { none: 'not periodic: a transcript is written only when someone opens a session, so weeks without one are normal (the SCPs protect the preferences document that sends them here)' },
    readers: INVESTIGATOR,
  },
  {
    id: 'Config',
    source: 'AWS Config delivery channels',
    bucket: 'configBucketName',
    prefix: 'AWSLogs/<account>/Config/<region>/...',
    writtenBy: '`config.amazonaws.com` or the account\u2019s own Config service-linked role, this organization only, each under its own account',
    tables: [],
    silence: { maxHours: 24, why: 'Config delivers configuration history every 6 hours when anything changed, and a snapshot daily' },
    readers: 'investigator (Config console or the objects)',
  },
  {
    id: 'ElbAccessLogs',
    source: 'load balancer access logs',
    bucket: 'sseS3BucketName (home region), elbLogBucketName of regionalLogArchiveNames (each other governed region)',
    prefix: 'elb/<address>/AWSLogs/<account>/elasticloadbalancing/<region>/yyyy/MM/dd/ (SecureLoadBalancer; others write AWSLogs/<account>/... without a prefix, which the tables do not read)',
    writtenBy:
      "the region's ELB account, for every account of the config, or past 100 accounts those with a VPC in the region (regions opened before August 2022: AWS sends no condition key naming the owner, so the policy lists them); in newer regions `logdelivery.elasticloadbalancing.amazonaws.com` for this organization (`aws:SourceOrgID`), each account under its own prefix (`${aws:SourceAccount}`); only in its own region",
    tables: ['elb_access_logs (home region)', 'elb_access_logs_<region>'],
    silence: { maxHours: 168, per: 'region', why: 'a load balancer publishes every 5 minutes while it serves requests; a region without load balancers shows this alarm until it has one' },
    readers: INVESTIGATOR_SSE_S3,
  },
  {
    id: 'ArchiveAccessLogs',
    source: 'S3 server access logs of the archive',
    bucket: 'accessLogBucketName',
    prefix: '<bucket>/<account>/<region>/<bucket>/yyyy/MM/dd/ (date-partitioned by event time)',
    writtenBy: '`logging.s3.amazonaws.com`, only for these buckets',
    tables: ['s3_access_logs_archive'],
    silence: { maxHours: 6, why: 'every delivery into the archive is a logged request, delivered best effort within a few hours' },
    readers: INVESTIGATOR_SSE_S3,
  },
  {
    id: 'ConfigAccessLogs',
    source: 'S3 server access logs of the Config bucket',
    bucket: 'accessLogBucketName',
    prefix: 'as above',
    writtenBy: 'as above',
    tables: ['s3_access_logs_config'],
    silence: { maxHours: 30, why: 'Config writes at least daily; access logs follow within a few hours' },
    readers: INVESTIGATOR_SSE_S3,
  },
  {
    id: 'OtherAccessLogs',
    source: 'S3 server access logs of the ELB and Athena results buckets (every region)',
    bucket: 'accessLogBucketName (per region)',
    prefix: 'as above',
    writtenBy: 'as above',
    tables: ['s3_access_logs_elb', 's3_access_logs_results', 's3_access_logs_elb_<region>'],
    silence: { none: 'these buckets are requested only while load balancers deliver or someone queries: their silence is the ELB alarm\u2019s or normal' },
    readers: INVESTIGATOR_SSE_S3,
  },
];

/** The entry of `id` (throws for an unknown ID: a stack asking for a source the table lacks is a bug). */
export function logSource(id: string): LogSourceEntry {
  const e = LOG_SOURCES.find((x) => x.id === id);
  if (!e) throw new Error(`LOG_SOURCES has no source "${id}"`);
  return e;
}

/** The silence threshold of a watched source, in hours. */
export function maxSilenceHours(id: string): number {
  const s = logSource(id).silence;
  if ('none' in s) throw new Error(`log source "${id}" is not watched for silence: ${s.none}`);
  return s.maxHours;
}

/** The per-source table of `docs/logging.md`. */
export function logSourcesTable(sources: readonly LogSourceEntry[] = LOG_SOURCES): string {
  const cell = (x: string) => x.replace(/\|/g, '\\|');
  // The leading name or path is code; a trailing remark in parentheses, or 'as above', is prose.
  const code = (x: string) => (x === 'as above' ? x : x.includes(' ') ? x.replace(/^(\S+)/, '`$1`') : `\`${x}\``);
  const alarm = (e: LogSourceEntry) => {
    if ('none' in e.silence) return `none: ${e.silence.none}`;
    const suffix = e.silence.per === 'account' ? '-<account>' : e.silence.per === 'region' ? '-<region>' : '';
    const h = e.silence.maxHours;
    return `\`LZ-LogSilence-${e.id}${suffix}\` (${h % 24 === 0 && h >= 48 ? `${h / 24} days` : `${h} h`}: ${e.silence.why})`;
  };
  return [
    '| source | bucket | key prefix | written by | Athena table | silence alarm | who can read |',
    '|---|---|---|---|---|---|---|',
    ...sources.map((e) =>
      `| ${cell(e.source)} | ${cell(code(e.bucket))} | ${cell(code(e.prefix))} | ${cell(e.writtenBy)} | ${e.tables.length ? e.tables.map((t) => cell(code(t))).join(', ') : 'none'} | ${cell(alarm(e))} | ${cell(e.readers)} |`,
    ),
  ].join('\n');
}
