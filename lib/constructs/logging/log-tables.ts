import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CfnTable } from 'aws-cdk-lib/aws-glue';
import { Construct } from 'constructs';

/** A Hive column type: a primitive name, a struct of named fields, or an array. */
export type HiveType = string | { readonly struct: Readonly<Record<string, HiveType>> } | { readonly array: HiveType };

export interface ColumnSpec {
  readonly name: string;
  readonly type: HiveType;
}

export function renderHiveType(t: HiveType): string {
  if (typeof t === 'string') return t;
  if ('array' in t) return `array<${renderHiveType(t.array)}>`;
  return `struct<${Object.entries(t.struct).map(([k, v]) => `${k}:${renderHiveType(v)}`).join(',')}>`;
}

const s = 'string';

/**
 * CloudTrail record columns, as in the Athena documentation's CloudTrail table (JSON SerDe, partition projection).
 * @see https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-partition-projection.html
 */
export const CLOUDTRAIL_COLUMNS: readonly ColumnSpec[] = [
  { name: 'eventversion', type: s },
  {
    name: 'useridentity',
    type: {
      struct: {
        type: s, principalid: s, arn: s, accountid: s, invokedby: s, accesskeyid: s, username: s,
        onbehalfof: { struct: { userid: s, identitystorearn: s } },
        sessioncontext: {
          struct: {
            attributes: { struct: { mfaauthenticated: s, creationdate: s } },
            sessionissuer: { struct: { type: s, principalid: s, arn: s, accountid: s, username: s } },
            ec2roledelivery: s,
            webidfederationdata: { struct: { federatedprovider: s, attributes: 'map<string,string>' } },
          },
        },
      },
    },
  },
  { name: 'eventtime', type: s },
  { name: 'eventsource', type: s },
  { name: 'eventname', type: s },
  { name: 'awsregion', type: s },
  { name: 'sourceipaddress', type: s },
  { name: 'useragent', type: s },
  { name: 'errorcode', type: s },
  { name: 'errormessage', type: s },
  { name: 'requestparameters', type: s },
  { name: 'responseelements', type: s },
  { name: 'additionaleventdata', type: s },
  { name: 'requestid', type: s },
  { name: 'eventid', type: s },
  { name: 'readonly', type: s },
  { name: 'resources', type: { array: { struct: { arn: s, accountid: s, type: s } } } },
  { name: 'eventtype', type: s },
  { name: 'apiversion', type: s },
  { name: 'recipientaccountid', type: s },
  { name: 'serviceeventdetails', type: s },
  { name: 'sharedeventid', type: s },
  { name: 'vpcendpointid', type: s },
  { name: 'vpcendpointaccountid', type: s },
  { name: 'eventcategory', type: s },
  { name: 'tlsdetails', type: { struct: { tlsversion: s, ciphersuite: s, clientprovidedhostheader: s } } },
];

// The flow-log record format is owned by its producer (the VPC's flow logs); the table reads exactly those fields.
import { FLOW_LOG_FIELDS } from '../../../constructs/network/vpc-logging';

const FLOW_LOG_TYPES: Record<string, string> = {
  version: 'int', srcport: 'int', dstport: 'int', protocol: 'bigint', packets: 'bigint', bytes: 'bigint', start: 'bigint',
  end: 'bigint', 'tcp-flags': 'int', 'traffic-path': 'int',
};

/** Flow-log columns: the field names with `-` → `_` (as in the Athena documentation's flow-log table). */
export function flowLogColumns(fields: readonly string[] = FLOW_LOG_FIELDS): ColumnSpec[] {
  return fields.map((f) => ({ name: f.replace(/-/g, '_'), type: FLOW_LOG_TYPES[f] ?? 'string' }));
}

/** The three projected partitions of both tables. */
export const PARTITION_KEYS: readonly ColumnSpec[] = [
  { name: 'account', type: 'string' },
  { name: 'region', type: 'string' },
  { name: 'day', type: 'string' },
];

export interface ProjectedLogTableProps {
  readonly databaseName: string;
  readonly tableName: string;
  readonly description: string;
  readonly columns: readonly ColumnSpec[];
  /** `s3://bucket/prefix/${account}/.../${region}/${day}` */
  readonly locationTemplate: string;
  /** Account IDs the `account` partition enumerates. */
  readonly accountIds: readonly string[];
  /** Regions the `region` partition enumerates. */
  readonly regions: readonly string[];
  /** First day the `day` partition projects (yyyy/MM/dd). */
  readonly startDay: string;
  /**
   * `json`: one JSON object per line (OpenX JSON SerDe; nested objects read into string columns as JSON text).
   * `{ regex }`: one record per line split by the regular expression's groups, in column order (Hive RegexSerDe,
   * as the Athena documentation reads ALB and S3 access logs). `lines`: each line whole in the one column.
   */
  readonly format: 'cloudtrail' | 'flow-logs' | 'json' | 'lines' | { readonly regex: string };
  /**
   * Partitions and their projection, replacing the default account/region/day. `injected` partitions take
   * their value from the query's WHERE clause, so they cover accounts and resources created after the deploy.
   * @default - account (enum of accountIds), region (enum of regions), day (yyyy/MM/dd from startDay)
   */
  readonly partitions?: readonly ProjectedPartition[];
}

/** A projected partition: its name and its `projection.<name>.*` parameters (without the prefix). */
export interface ProjectedPartition {
  readonly name: string;
  readonly projection: Readonly<Record<string, string>>;
}

/** An account or resource partition whose value each query names (Athena `injected` projection). */
export const injected = (name: string): ProjectedPartition => ({ name, projection: { type: 'injected' } });
/** A partition enumerating fixed values. */
export const enumerated = (name: string, values: readonly string[]): ProjectedPartition => ({ name, projection: { type: 'enum', values: values.join(',') } });
/** The `day` partition: dates from `startDay` to now in `format` (one partition per `unit`). */
export const dated = (name: string, startDay: string, format = 'yyyy/MM/dd', unit: 'DAYS' | 'HOURS' = 'DAYS'): ProjectedPartition => ({
  name,
  projection: { type: 'date', format, range: `${unit === 'HOURS' ? `${startDay}/00` : startDay},NOW`, interval: '1', 'interval.unit': unit },
});

/**
 * Projection parameters of explicit partitions.
 * @see https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html
 */
export function partitionParameters(partitions: readonly ProjectedPartition[], locationTemplate: string): Record<string, string> {
  const params: Record<string, string> = { 'projection.enabled': 'true' };
  for (const p of partitions) for (const [k, v] of Object.entries(p.projection)) params[`projection.${p.name}.${k}`] = v;
  params['storage.location.template'] = locationTemplate;
  return params;
}

/** Projection parameters (exported so tests can match them against sample keys). */
export function projectionParameters(props: Pick<ProjectedLogTableProps, 'locationTemplate' | 'accountIds' | 'regions' | 'startDay'>): Record<string, string> {
  return {
    'projection.enabled': 'true',
    'projection.account.type': 'enum',
    'projection.account.values': props.accountIds.join(','),
    'projection.region.type': 'enum',
    'projection.region.values': props.regions.join(','),
    'projection.day.type': 'date',
    'projection.day.format': 'yyyy/MM/dd',
    'projection.day.range': `${props.startDay},NOW`,
    'projection.day.interval': '1',
    'projection.day.interval.unit': 'DAYS',
    'storage.location.template': props.locationTemplate,
  };
}

/**
 * A Glue table over log objects in S3 with partition projection (account, region, day): no crawler, no
 * partition maintenance, and a query filtered on one day reads one day.
 *
 * Default settings: external table, RETAIN, gzip text input.
 */
export class ProjectedLogTable extends Construct {
  public readonly table: CfnTable;

  constructor(scope: Construct, id: string, props: ProjectedLogTableProps) {
    super(scope, id);
    const location = props.locationTemplate.slice(0, props.locationTemplate.indexOf('${'));
    const storage = storageOf(props.format);
    this.table = new CfnTable(this, 'Resource', {
      catalogId: Stack.of(this).account,
      databaseName: props.databaseName,
      tableInput: {
        name: props.tableName,
        description: props.description,
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          EXTERNAL: 'TRUE',
          classification: props.format === 'cloudtrail' ? 'cloudtrail' : props.format === 'json' ? 'json' : 'csv',
          ...(props.format === 'flow-logs' ? { 'skip.header.line.count': '1' } : {}),
          ...(props.partitions ? partitionParameters(props.partitions, props.locationTemplate) : projectionParameters(props)),
        },
        partitionKeys: (props.partitions ?? PARTITION_KEYS).map((c) => ({ name: c.name, type: 'string' })),
        storageDescriptor: {
          location,
          columns: props.columns.map((c) => ({ name: c.name, type: renderHiveType(c.type) })),
          ...storage,
        },
      },
    });
    this.table.applyRemovalPolicy(RemovalPolicy.RETAIN);
  }
}

const TEXT = { inputFormat: 'org.apache.hadoop.mapred.TextInputFormat', outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat' };

/** Input format and SerDe of each record format (gzip objects are read transparently by the text input format). */
function storageOf(format: ProjectedLogTableProps['format']) {
  if (typeof format === 'object') {
    return { ...TEXT, serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.serde2.RegexSerDe', parameters: { 'serialization.format': '1', 'input.regex': format.regex } } };
  }
  switch (format) {
    case 'json':
      return { ...TEXT, serdeInfo: { serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', parameters: { 'ignore.malformed.json': 'true' } } };
    case 'cloudtrail':
      return { ...TEXT, inputFormat: 'com.amazon.emr.cloudtrail.CloudTrailInputFormat', serdeInfo: { serializationLibrary: 'org.apache.hive.hcatalog.data.JsonSerDe' } };
    case 'lines':
      // LazySimpleSerDe's default field delimiter (\u0001) never occurs in a transcript: the whole line is one column.
      return { ...TEXT, serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe' } };
    case 'flow-logs':
      return { ...TEXT, serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe', parameters: { 'field.delim': ' ', 'serialization.format': ' ' } } };
  }
}
