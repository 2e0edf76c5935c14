/** The example product app: what a product team copies. Four stacks, built only from the construct library, with no hand-written IAM. */
import type { App } from 'aws-cdk-lib';
import { SecureBackupPlan, OptOut } from '../../constructs';
import { Stack } from 'aws-cdk-lib';
import { ApiStack } from './api-stack';
import { EdgeStack } from './edge-stack';
import { FrontendStack } from './frontend-stack';

export interface ProductAppSettings {
  readonly account: string;
  /** Region of the API, queue and database. */
  readonly region: string;
  /** Second region that keeps copies of the backups. */
  readonly backupCopyRegion: string;
  readonly siteDomain: string;
  /** us-east-1 ACM certificate of `siteDomain`. */
  readonly siteCertificateArn: string;
  /** The CLOUDFRONT web ACL of the site: the `SiteWebAclArn` output of the us-east-1 edge stack, deployed first. */
  readonly siteWebAclArn: string;
  /** ACM certificate of the API domain, in `region`. */
  readonly apiCertificateArn: string;
  /** Availability Zones of the API's VPC (in `region`). */
  readonly availabilityZones: readonly string[];
  /** The organization the account belongs to (VPC endpoint policies admit only its principals). */
  readonly organizationId: string;
  /** The landing zone's log archive bucket (flow logs). */
  readonly flowLogBucketArn: string;
  /** Image tag of the orders service (pushed by CI to the `product/orders` repository). */
  readonly ordersImageTag: string;
  /** Image tag of the billing service (pushed by CI to the `product/billing` repository). */
  readonly billingImageTag: string;
}

export const EXAMPLE_SETTINGS: ProductAppSettings = {
  account: '111111111111',
  region: 'eu-west-1',
  backupCopyRegion: 'eu-central-1',
  siteDomain: 'www.example.com',
  siteCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000001',
  siteWebAclArn: 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/ProductEdgeSiteWebAcl/00000000-0000-0000-0000-000000000003',
  apiCertificateArn: 'arn:aws:acm:eu-west-1:111111111111:certificate/00000000-0000-0000-0000-000000000002',
  availabilityZones: ['eu-west-1a', 'eu-west-1b'],
  organizationId: 'o-a1b2c3d4e5',
  flowLogBucketArn: 'arn:aws:s3:::acme-log-archive-222222222222-eu-west-1',
  ordersImageTag: 'v1.0.0',
  billingImageTag: 'v1.0.0',
};

export interface ProductApp {
  readonly edge: EdgeStack;
  readonly frontend: FrontendStack;
  readonly api: ApiStack;
  readonly backupCopy: Stack;
}

export function buildProductApp(app: App, s: ProductAppSettings = EXAMPLE_SETTINGS): ProductApp {
  const copyVaultName = 'product-app-backup-copy';
  const backupCopy = new Stack(app, 'ProductBackupCopy', { env: { account: s.account, region: s.backupCopyRegion } });
  new SecureBackupPlan(backupCopy, 'Backups', {
    backupVaultName: copyVaultName,
    optOuts: { crossRegionCopy: OptOut.because(`This vault in ${s.backupCopyRegion} is the copy destination of the API backups`) },
  });
  // Only the web ACL lives in us-east-1 (the landing zone's edge allowance); the site stays in the home region.
  const edge = new EdgeStack(app, 'ProductEdge', { env: { account: s.account, region: 'us-east-1' } });
  const frontend = new FrontendStack(app, 'ProductFrontend', {
    env: { account: s.account, region: s.region },
    domainName: s.siteDomain,
    certificateArn: s.siteCertificateArn,
    webAclArn: s.siteWebAclArn,
  });
  // The site uses the edge stack's web ACL (by ARN, from its output), so the edge stack deploys first.
  frontend.addStackDependency(edge);
  const api = new ApiStack(app, 'ProductApi', {
    env: { account: s.account, region: s.region },
    certificateArn: s.apiCertificateArn,
    availabilityZones: s.availabilityZones,
    organizationId: s.organizationId,
    flowLogBucketArn: s.flowLogBucketArn,
    ordersImageTag: s.ordersImageTag,
    billingImageTag: s.billingImageTag,
    signInCallbackUrl: `https://${s.siteDomain}/callback`,
    // Same account, other region: the ARN is computed from the fixed vault name, no cross-region reference.
    backupCopyVaultArn: `arn:aws:backup:${s.backupCopyRegion}:${s.account}:backup-vault:${copyVaultName}`,
  });
  api.addStackDependency(backupCopy);
  return { edge, frontend, api, backupCopy };
}
