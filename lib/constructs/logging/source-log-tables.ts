import { Construct } from 'constructs';
import { type ColumnSpec, dated, enumerated, injected, ProjectedLogTable } from './log-tables';

const s = 'string';

/**
 * Route 53 Resolver query log fields (JSON, one query per line).
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-query-logs-format.html
 * @see https://docs.aws.amazon.com/athena/latest/ug/querying-r53-resolver-logs.html
 */
export const RESOLVER_QUERY_LOG_COLUMNS: readonly ColumnSpec[] = [
  { name: 'version', type: s },
  { name: 'account_id', type: s },
  { name: 'region', type: s },
  { name: 'vpc_id', type: s },
  { name: 'query_timestamp', type: s },
  { name: 'query_name', type: s },
  { name: 'query_type', type: s },
  { name: 'query_class', type: s },
  { name: 'rcode', type: s },
  { name: 'answers', type: { array: { struct: { rdata: s, type: s, class: s } } } },
  { name: 'srcaddr', type: s },
  { name: 'srcport', type: 'int' },
  { name: 'transport', type: s },
  { name: 'srcids', type: { struct: { instance: s, resolver_endpoint: s } } },
  { name: 'firewall_rule_action', type: s },
  { name: 'firewall_rule_group_id', type: s },
  { name: 'firewall_domain_list_id', type: s },
];

/**
 * GuardDuty finding fields (the exported JSON is the finding as GetFindings returns it); `resource` and
 * `service` are nested objects read as JSON text (query them with `json_extract_scalar`).
 * @see https://docs.aws.amazon.com/guardduty/latest/APIReference/API_Finding.html
 */
export const GUARDDUTY_FINDING_COLUMNS: readonly ColumnSpec[] = [
  { name: 'schemaversion', type: s },
  { name: 'accountid', type: s },
  { name: 'region', type: s },
  { name: 'partition', type: s },
  { name: 'id', type: s },
  { name: 'arn', type: s },
  { name: 'type', type: s },
  { name: 'resource', type: s },
  { name: 'service', type: s },
  { name: 'severity', type: 'double' },
  { name: 'createdat', type: s },
  { name: 'updatedat', type: s },
  { name: 'title', type: s },
  { name: 'description', type: s },
];

/**
 * Network Firewall alert log fields (Suricata EVE JSON under `event`).
 * @see https://docs.aws.amazon.com/network-firewall/latest/developerguide/firewall-logging-contents.html
 * @see https://docs.aws.amazon.com/athena/latest/ug/querying-network-firewall-logs.html
 */
export const FIREWALL_ALERT_COLUMNS: readonly ColumnSpec[] = [
  { name: 'firewall_name', type: s },
  { name: 'availability_zone', type: s },
  { name: 'event_timestamp', type: s },
  {
    name: 'event',
    type: {
      struct: {
        timestamp: s, flow_id: 'bigint', event_type: s, src_ip: s, src_port: 'int', dest_ip: s, dest_port: 'int', proto: s, app_proto: s, sni: s,
        alert: { struct: { action: s, signature_id: 'bigint', rev: 'int', signature: s, category: s, severity: 'int' } },
        http: { struct: { hostname: s, url: s, http_user_agent: s, http_method: s, status: 'int' } },
        tls: { struct: { subject: s, issuer: s, sni: s, version: s } },
      },
    },
  },
];

export interface SourceLogTablesProps {
  readonly databaseName: string;
  /** The archive bucket (Resolver, firewall and GuardDuty logs land there). */
  readonly bucketName: string;
  /** The account whose detector exports GuardDuty findings (the delegated administrator: one for the organization). */
  readonly guardDutyAdminAccountId: string;
  /** GuardDuty export prefix in the archive, without slashes. */
  readonly guardDutyPrefix: string;
  /** Regions with GuardDuty detectors and firewalls (the governed regions). */
  readonly regions: readonly string[];
  /** First projected day (yyyy/MM/dd). */
  readonly startDay: string;
  readonly names: { readonly resolver: string; readonly guardDuty: string; readonly firewall: string };
}

/**
 * The projected tables of the sources beyond CloudTrail and flow logs: Resolver query logs, GuardDuty findings,
 * Network Firewall alerts. Each follows its source's documented key layout. Accounts and per-resource folders
 * (VPC, firewall) are `injected` partitions, named by the query, so an account or VPC created after the deploy
 * is queryable without a config edit; GuardDuty findings of every account sit under the one administrator.
 *
 * Default settings: external tables, RETAIN, JSON SerDe, daily (firewall: hourly) date projection.
 */
export class SourceLogTables extends Construct {
  public readonly resolver: ProjectedLogTable;
  public readonly guardDuty: ProjectedLogTable;
  public readonly firewall: ProjectedLogTable;

  constructor(scope: Construct, id: string, props: SourceLogTablesProps) {
    super(scope, id);
    const base = { databaseName: props.databaseName, accountIds: [], regions: [], startDay: props.startDay, format: 'json' as const };
    const b = props.bucketName;
    // AWSLogs/<account>/vpcdnsquerylogs/<vpc-id>/yyyy/MM/dd/<file>.log.gz (Resolver logs have no region folder).
    this.resolver = new ProjectedLogTable(this, 'ResolverTable', {
      ...base,
      tableName: props.names.resolver,
      description: 'Route 53 Resolver query logs of every VPC (name account and vpc in the WHERE clause)',
      columns: RESOLVER_QUERY_LOG_COLUMNS,
      locationTemplate: `s3://${b}/AWSLogs/\${account}/vpcdnsquerylogs/\${vpc}/\${day}`,
      partitions: [injected('account'), injected('vpc'), dated('day', props.startDay)],
    });
    // <prefix>/AWSLogs/<administrator>/GuardDuty/<region>/yyyy/MM/dd/<uuid>.jsonl.gz
    this.guardDuty = new ProjectedLogTable(this, 'GuardDutyTable', {
      ...base,
      tableName: props.names.guardDuty,
      description: 'GuardDuty findings of every account, as exported by the delegated administrator',
      columns: GUARDDUTY_FINDING_COLUMNS,
      locationTemplate: `s3://${b}/${props.guardDutyPrefix}/AWSLogs/\${account}/GuardDuty/\${region}/\${day}`,
      partitions: [enumerated('account', [props.guardDutyAdminAccountId]), enumerated('region', props.regions), dated('day', props.startDay)],
    });
    // AWSLogs/<account>/network-firewall/alert/<region>/<firewall-name>/yyyy/MM/dd/HH/<file>.log.gz
    this.firewall = new ProjectedLogTable(this, 'FirewallAlertTable', {
      ...base,
      tableName: props.names.firewall,
      description: 'Network Firewall alert logs (name account and firewall in the WHERE clause; hour is yyyy/MM/dd/HH)',
      columns: FIREWALL_ALERT_COLUMNS,
      locationTemplate: `s3://${b}/AWSLogs/\${account}/network-firewall/alert/\${region}/\${firewall}/\${hour}`,
      partitions: [injected('account'), enumerated('region', props.regions), injected('firewall'), dated('hour', props.startDay, 'yyyy/MM/dd/HH', 'HOURS')],
    });
  }
}
