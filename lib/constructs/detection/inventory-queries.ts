import { CfnStoredQuery } from 'aws-cdk-lib/aws-config';
import { Construct } from 'constructs';

/** One saved AWS Config advanced query: what the security program reviews first, across the organization. */
export interface InventoryQuery {
  /** Stable ID: the construct ID and the query name's suffix (never change it once released). */
  readonly id: string;
  /** What it answers, one line (also the stored query's description). */
  readonly question: string;
  /** The resource types it reads (checked against each type's documented queryable properties). */
  readonly resourceTypes: readonly string[];
  /**
   * The advanced query: `SELECT ... [WHERE ...] [GROUP BY ...] [ORDER BY ...]`, no FROM; comparison with =, IN,
   * BETWEEN; AND, OR, NOT.
   * @see https://docs.aws.amazon.com/config/latest/developerguide/query-components.html
   */
  readonly sql: string;
}

/**
 * The inventory queries (`docs/operations.md` says what each answers and how to run it against the organization
 * aggregator). Property names come from AWS Config's resource schema, one file per resource type.
 * @see https://github.com/awslabs/aws-config-resource-schema/tree/master/config/properties/resource-types
 */
export const INVENTORY_QUERIES: readonly InventoryQuery[] = [
  {
    id: 'instances-with-public-ip',
    question: 'EC2 instances with a public IPv4 address, per account',
    resourceTypes: ['AWS::EC2::Instance'],
    sql: "SELECT accountId, awsRegion, resourceId, resourceName, configuration.publicIpAddress, configuration.state.name WHERE resourceType = 'AWS::EC2::Instance' AND configuration.publicIpAddress BETWEEN '0.0.0.0' AND '255.255.255.255' ORDER BY accountId",
  },
  {
    id: 'elastic-ips',
    question: 'Elastic IP addresses and what they are attached to, per account',
    resourceTypes: ['AWS::EC2::EIP'],
    sql: "SELECT accountId, awsRegion, resourceId, configuration.publicIp, configuration.instanceId, configuration.networkInterfaceId WHERE resourceType = 'AWS::EC2::EIP' ORDER BY accountId",
  },
  {
    id: 'security-groups-open-to-internet',
    question: 'Security groups with an inbound rule from 0.0.0.0/0 or ::/0, and on which ports',
    resourceTypes: ['AWS::EC2::SecurityGroup'],
    sql: "SELECT accountId, awsRegion, resourceId, resourceName, configuration.ipPermissions.ipProtocol, configuration.ipPermissions.fromPort, configuration.ipPermissions.toPort WHERE resourceType = 'AWS::EC2::SecurityGroup' AND (configuration.ipPermissions.ipv4Ranges.cidrIp = '0.0.0.0/0' OR configuration.ipPermissions.ipv6Ranges.cidrIpv6 = '::/0') ORDER BY accountId",
  },
  {
    id: 'iam-users',
    question: 'IAM users (the landing zone uses Identity Center: there should be none), with their policies and groups',
    resourceTypes: ['AWS::IAM::User'],
    sql: "SELECT accountId, resourceName, configuration.createDate, configuration.attachedManagedPolicies.policyName, configuration.userPolicyList.policyName, configuration.groupList WHERE resourceType = 'AWS::IAM::User' ORDER BY accountId",
  },
  {
    id: 'unencrypted-volumes',
    question: 'EBS volumes that are not encrypted',
    resourceTypes: ['AWS::EC2::Volume'],
    sql: "SELECT accountId, awsRegion, resourceId, configuration.attachments.instanceId, configuration.size WHERE resourceType = 'AWS::EC2::Volume' AND configuration.encrypted = false ORDER BY accountId",
  },
  {
    id: 'buckets-without-kms',
    question: 'S3 buckets whose default encryption is not AWS KMS (SSE-S3 only, or none recorded)',
    resourceTypes: ['AWS::S3::Bucket'],
    sql: "SELECT accountId, awsRegion, resourceName, supplementaryConfiguration.ServerSideEncryptionConfiguration.rules.applyServerSideEncryptionByDefault.sseAlgorithm WHERE resourceType = 'AWS::S3::Bucket' AND NOT supplementaryConfiguration.ServerSideEncryptionConfiguration.rules.applyServerSideEncryptionByDefault.sseAlgorithm IN ('aws:kms', 'aws:kms:dsse') ORDER BY accountId",
  },
  {
    id: 'instances-without-imdsv2',
    question: 'EC2 instances that still accept IMDSv1 (metadata tokens optional)',
    resourceTypes: ['AWS::EC2::Instance'],
    sql: "SELECT accountId, awsRegion, resourceId, resourceName, configuration.metadataOptions.httpTokens WHERE resourceType = 'AWS::EC2::Instance' AND configuration.metadataOptions.httpTokens = 'optional' ORDER BY accountId",
  },
  {
    id: 'internet-facing-load-balancers',
    question: 'Application and Network Load Balancers reachable from the internet',
    resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
    sql: "SELECT accountId, awsRegion, resourceName, configuration.type, configuration.dNSName WHERE resourceType = 'AWS::ElasticLoadBalancingV2::LoadBalancer' AND configuration.scheme = 'internet-facing' ORDER BY accountId",
  },
  {
    id: 'resources-by-account-and-region',
    question: 'How many resources each account has in each recorded region (a region outside the governed list is a finding)',
    resourceTypes: [],
    sql: 'SELECT accountId, awsRegion, COUNT(*) GROUP BY accountId, awsRegion ORDER BY accountId',
  },
  {
    id: 'noncompliant-by-rule-and-account',
    question: 'Resources failing each AWS Config rule, per account (the conformance pack and the Security Hub controls)',
    resourceTypes: ['AWS::Config::ResourceCompliance'],
    sql: "SELECT accountId, configuration.configRuleList.configRuleName, COUNT(*) WHERE resourceType = 'AWS::Config::ResourceCompliance' AND configuration.complianceType = 'NON_COMPLIANT' GROUP BY accountId, configuration.configRuleList.configRuleName",
  },
];

/** Props for {@link InventoryQueries}. */
export interface InventoryQueriesProps {
  /** Prefix of every query name (`<org>-`), so the landing zone's queries sort together. */
  readonly namePrefix: string;
  /** The queries. @default INVENTORY_QUERIES */
  readonly queries?: readonly InventoryQuery[];
}

/**
 * The inventory as saved AWS Config advanced queries (`AWS::Config::StoredQuery`). A stored query holds only the
 * SQL; choosing the organization aggregator as the scope when running it (console, or
 * `aws configservice select-aggregate-resource-config`) makes it cover every account and governed region.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-config-storedquery.html
 *
 * Default settings: the queries of {@link INVENTORY_QUERIES}.
 */
export class InventoryQueries extends Construct {
  constructor(scope: Construct, id: string, props: InventoryQueriesProps) {
    super(scope, id);
    for (const q of props.queries ?? INVENTORY_QUERIES) {
      new CfnStoredQuery(this, q.id, {
        queryName: `${props.namePrefix}${q.id}`,
        queryDescription: q.question,
        queryExpression: q.sql,
      });
    }
  }
}
