/**
 * The example product app (every product construct) under AWS Control Tower's proactive controls, run as a product
 * team runs them: `@cdklabs/cdk-validator-cfnguard` with the Control Tower rules, as a CDK policy-validation plugin,
 * and nothing extended for it from the landing zone (`lib/`). A finding fails unless the construct fixed it or
 * acknowledged it on the exact resource with a reason (`cdk-validator-cfnguard::<rule>`).
 * @see https://docs.aws.amazon.com/controltower/latest/controlreference/proactive-controls.html
 * @see https://docs.aws.amazon.com/cdk/v2/guide/policy-validation-synthesis.html
 *
 * The validator runs through cachedValidation (test/cached-validation.ts): cfn-guard runs again only when a
 * template changed; test/lib/checks/proactive-controls.test.ts runs it uncached on a small stack every time.
 */
import { App, Validations } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { buildProductApp } from '../../../examples/product-app/app';
import { PullThroughCache } from '../../../constructs/containers/pull-through-cache';
import { SecureTopic } from '../../../constructs/messaging/secure-topic';
import { TieredVpc } from '../../../constructs/network/tiered-vpc';
import { SecureBucket } from '../../../constructs/storage/secure-bucket';
import { allPacksCheckedStack, proactiveControlFindings, TEST_ZONES } from '../../constructs/nag';
import { cachedValidation } from '../../cached-validation';
import { tempOutdir } from '../../helpers';

test('the example product app passes the Control Tower proactive controls, with per-resource reasons where no fix exists', () => {
  const app = new App({ outdir: tempOutdir() });
  Validations.of(app).addPlugins(cachedValidation(new CfnGuardValidator({ controlTowerRulesEnabled: true }), app.outdir));
  buildProductApp(app);
  expect(proactiveControlFindings(app)).toEqual([]);
}, 300_000);

test('the constructs the example builds only inside others, or not at all, pass alone: SecureBucket, SecureTopic, PullThroughCache, TieredVpc with every option', () => {
  const { app, stack } = allPacksCheckedStack();
  Validations.of(app).addPlugins(cachedValidation(new CfnGuardValidator({ controlTowerRulesEnabled: true }), app.outdir));
  new SecureBucket(stack, 'Uploads');
  new SecureTopic(stack, 'Events');
  new PullThroughCache(stack, 'PublicImages', { upstream: 'ecr-public', organizationId: 'o-a1b2c3d4e5' });
  new TieredVpc(stack, 'Net', {
    cidr: '10.10.0.0/16',
    availabilityZones: TEST_ZONES,
    organizationId: 'o-a1b2c3d4e5',
    flowLogBucketArn: 'arn:aws:s3:::acme-log-archive-222222222222-eu-west-1',
    tiers: { protectedData: 24 },
    flowLogsToCloudWatch: true,
    transitGateway: { id: 'tgw-0123456789abcdef0', officeCidrs: ['192.168.0.0/16'], customerGatewayIp: '203.0.113.10' },
    firewall: { allowedDomains: ['.amazonaws.com', 'github.com'] },
    interfaceEndpoints: ['ssm', 'kms', 'logs', 'sts'],
  });
  // Only the proactive controls are read here; the nag packs of this stack are the constructs' own tests' business.
  expect(proactiveControlFindings(app)).toEqual([]);
}, 300_000);
