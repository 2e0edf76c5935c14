import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { INVENTORY_QUERIES, InventoryQueries } from '../../../../lib/constructs/detection/inventory-queries';
import { detectionNames } from '../../../../lib/names';
import { buildApp, defaultConfig } from '../../../helpers';

/**
 * The queryable properties of each resource type the queries read, copied from AWS Config's resource schema
 * (https://github.com/awslabs/aws-config-resource-schema, config/properties/resource-types/<type>.properties.json),
 * only the ones a query uses; `COMMON` holds the properties every type has.
 */
const COMMON = ['accountId', 'awsRegion', 'resourceId', 'resourceName', 'resourceType', 'arn', 'availabilityZone', 'configurationItemCaptureTime', 'resourceCreationTime', 'tags.key', 'tags.value'];
const SCHEMA: Record<string, readonly string[]> = {
  'AWS::EC2::Instance': ['configuration.publicIpAddress', 'configuration.state.name', 'configuration.metadataOptions.httpTokens'],
  'AWS::EC2::EIP': ['configuration.publicIp', 'configuration.instanceId', 'configuration.networkInterfaceId'],
  'AWS::EC2::SecurityGroup': [
    'configuration.ipPermissions.ipProtocol',
    'configuration.ipPermissions.fromPort',
    'configuration.ipPermissions.toPort',
    'configuration.ipPermissions.ipv4Ranges.cidrIp',
    'configuration.ipPermissions.ipv6Ranges.cidrIpv6',
  ],
  'AWS::IAM::User': ['configuration.createDate', 'configuration.attachedManagedPolicies.policyName', 'configuration.userPolicyList.policyName', 'configuration.groupList'],
  'AWS::EC2::Volume': ['configuration.attachments.instanceId', 'configuration.size', 'configuration.encrypted'],
  'AWS::S3::Bucket': ['supplementaryConfiguration.ServerSideEncryptionConfiguration.rules.applyServerSideEncryptionByDefault.sseAlgorithm'],
  'AWS::ElasticLoadBalancingV2::LoadBalancer': ['configuration.type', 'configuration.dNSName', 'configuration.scheme'],
  'AWS::Config::ResourceCompliance': ['configuration.complianceType', 'configuration.configRuleList.configRuleName'],
};

/** The property names a query mentions (selected, filtered, grouped or ordered). */
function propertiesOf(sql: string): string[] {
  const withoutStrings = sql.replace(/'[^']*'/g, "''");
  const words = withoutStrings.match(/\b[a-zA-Z][\w.]*\b/g) ?? [];
  const keywords = new Set(['SELECT', 'WHERE', 'AND', 'OR', 'NOT', 'IN', 'BETWEEN', 'GROUP', 'BY', 'ORDER', 'ASC', 'DESC', 'COUNT', 'false', 'true']);
  return [...new Set(words.filter((w) => !keywords.has(w)))];
}

describe('inventory queries', () => {
  test('at least 8, with unique stable IDs, covering what the program reviews first', () => {
    expect(INVENTORY_QUERIES.length).toBeGreaterThanOrEqual(8);
    expect(new Set(INVENTORY_QUERIES.map((q) => q.id)).size).toBe(INVENTORY_QUERIES.length);
    expect(INVENTORY_QUERIES.map((q) => q.id)).toEqual(
      expect.arrayContaining([
        'instances-with-public-ip',
        'security-groups-open-to-internet',
        'iam-users',
        'unencrypted-volumes',
        'buckets-without-kms',
        'instances-without-imdsv2',
        'internet-facing-load-balancers',
        'resources-by-account-and-region',
      ]),
    );
  });

  test.each(INVENTORY_QUERIES.map((q) => [q.id, q] as const))('%s follows the advanced-query grammar and names only properties its resource types have', (_id, q) => {
    // SELECT ... [WHERE] [GROUP BY] [ORDER BY], no FROM, comparisons with =, IN, BETWEEN (query-components.html).
    expect(q.sql).toMatch(/^SELECT [^;]+?( WHERE .+?)?( GROUP BY [\w., ]+)?( ORDER BY [\w., ]+( ASC| DESC)?)?$/);
    expect(q.sql).not.toMatch(/\bFROM\b|!=|<>|[<>]|\bLIKE\b|;/);
    for (const type of q.resourceTypes) expect(q.sql).toContain(`resourceType = '${type}'`);
    const allowed = new Set([...COMMON, ...q.resourceTypes.flatMap((type) => SCHEMA[type] ?? [])]);
    for (const p of propertiesOf(q.sql)) expect({ query: q.id, property: p, known: allowed.has(p) }).toEqual({ query: q.id, property: p, known: true });
    // Only resource-type-free queries may use type-specific properties of no type.
    if (q.resourceTypes.length === 0) expect(propertiesOf(q.sql).every((p) => COMMON.includes(p))).toBe(true);
  });

  test('the property check catches a property the type does not have', () => {
    const bad = "SELECT resourceId, configuration.accessKeys WHERE resourceType = 'AWS::IAM::User'";
    const allowed = new Set([...COMMON, ...SCHEMA['AWS::IAM::User']]);
    expect(propertiesOf(bad).filter((p) => !allowed.has(p))).toEqual(['configuration.accessKeys']);
  });

  test('each is an AWS::Config::StoredQuery named <org>-<id>, in the security-log account, home region only', () => {
    const config = defaultConfig();
    const { lz } = buildApp(config, { checks: false });
    const home = Template.fromStack(lz.detection[0]);
    home.resourceCountIs('AWS::Config::StoredQuery', INVENTORY_QUERIES.length);
    for (const q of INVENTORY_QUERIES) {
      home.hasResourceProperties('AWS::Config::StoredQuery', { QueryName: `${detectionNames(config).inventoryQueryPrefix}${q.id}`, QueryExpression: q.sql, QueryDescription: q.question });
    }
    for (const other of lz.detection.slice(1)) Template.fromStack(other).resourceCountIs('AWS::Config::StoredQuery', 0);
  });

  test('a caller may pass its own queries', () => {
    const stack = new Stack(new App(), 'T');
    new InventoryQueries(stack, 'Inventory', { namePrefix: 'x-', queries: [INVENTORY_QUERIES[0]] });
    Template.fromStack(stack).resourceCountIs('AWS::Config::StoredQuery', 1);
  });
});
