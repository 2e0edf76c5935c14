import { RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { ManagedPolicyRole } from '../core/managed-policy-role';
import { acknowledgeNoFix } from '../core/opt-out';
import { throwIfProblems } from '../core/validation-error';
import { denyOutsideOrganization, keepImagesProblems, keepNewestImagesPolicy, organizationIdProblems } from './secure-container-repository';
import { newKeyWithServiceGrantsOnly } from '../core/kms-grants';

/** Public registries that need no credentials, and their URLs. */
export const PUBLIC_UPSTREAM_REGISTRIES = {
  'ecr-public': 'public.ecr.aws',
  quay: 'quay.io',
  k8s: 'registry.k8s.io',
} as const;

/** A public upstream registry {@link PullThroughCache} can mirror without credentials. */
export type PublicUpstreamRegistry = keyof typeof PUBLIC_UPSTREAM_REGISTRIES;

/** Props for {@link PullThroughCache}. */
export interface PullThroughCacheProps {
  /** The public registry to mirror. */
  readonly upstream: PublicUpstreamRegistry;
  /** The AWS Organizations ID (`o-...`) whose principals may use the cached repositories; everyone else is denied. */
  readonly organizationId: string;
  /**
   * Repository prefix of the cache: `<account>.dkr.ecr.<region>.amazonaws.com/<prefix>/library/nginx:1.27`.
   * @default - the upstream's name (`ecr-public`, `quay`, `k8s`)
   */
  readonly repositoryPrefix?: string;
  /**
   * Customer-managed key encrypting the cached images.
   * @default - a new key with yearly rotation, retained
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * How many of the newest images each cached repository keeps.
   * @default 100
   */
  readonly keepImages?: number;
}

/**
 * Pull-through cache of a public registry: pulling `<prefix>/<image>` from your private registry fetches the
 * image once from upstream, and the repository ECR creates for it gets the organization's settings from a
 * repository creation template.
 *
 * ```ts
 * new PullThroughCache(this, 'PublicImages', { upstream: 'ecr-public', organizationId: 'o-a1b2c3d4e5' });
 * // FROM 111111111111.dkr.ecr.eu-west-1.amazonaws.com/ecr-public/docker/library/node:24-slim
 * ```
 *
 * Default settings:
 * - only credential-less public registries (`public.ecr.aws`, `quay.io`, `registry.k8s.io`): no upstream secret to keep
 * - created repositories: immutable tags, KMS with a customer-managed key, the organization-only repository
 *   policy and keep-newest-100 lifecycle of {@link SecureContainerRepository}
 * - ECR creates them with its own role, limited to repositories under the prefix and grants on the one key
 *
 * Scanning follows the registry's scanning configuration (basic or Inspector enhanced), which is account-wide.
 *
 * @see NIST 800-53 CM-14, SA-12 (supply chain), SC-28
 */
export class PullThroughCache extends Construct {
  /** The pull-through cache rule. */
  public readonly rule: ecr.CfnPullThroughCacheRule;
  /** The template applied to every repository the cache creates. */
  public readonly template: ecr.CfnRepositoryCreationTemplate;
  /** The key that encrypts the cached images. */
  public readonly encryptionKey: kms.IKey;
  /** The prefix under which cached images are pulled. */
  public readonly repositoryPrefix: string;

  constructor(scope: Construct, id: string, props: PullThroughCacheProps) {
    super(scope, id);
    const prefix = props.repositoryPrefix ?? props.upstream;
    const keepImages = props.keepImages ?? 100;
    throwIfProblems(this, 'PullThroughCache', [
      ...(props.upstream in PUBLIC_UPSTREAM_REGISTRIES
        ? []
        : [`upstream: "${props.upstream}" is not allowed (allowed: ${Object.keys(PUBLIC_UPSTREAM_REGISTRIES).join(', ')})`]),
      ...organizationIdProblems(props.organizationId),
      ...keepImagesProblems(keepImages),
      ...(!Token.isUnresolved(prefix) && !/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(prefix)
        ? [`repositoryPrefix: "${prefix}" is not allowed (allowed: lowercase letters, digits and . _ - between them, no slash)`]
        : []),
    ]);
    this.repositoryPrefix = prefix;
    const stack = Stack.of(this);

    this.encryptionKey =
      props.encryptionKey ??
      newKeyWithServiceGrantsOnly(this, 'Key', { description: `Encrypts the images cached by ${this.node.path}`, enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
    // ECR needs its own role to create repositories with a customer-managed key.
    // https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates-custom.html
    const role = new ManagedPolicyRole(this, 'CreationRole', {
      assumedBy: new iam.ServicePrincipal('ecr.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      description: `ECR creates the repositories of ${this.node.path} with this role`,
    });
    const repositories = `arn:${stack.partition}:ecr:${stack.region}:${stack.account}:repository/${prefix}/*`;
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ecr:CreateRepository', 'ecr:TagResource'], resources: [repositories] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:CreateGrant', 'kms:RetireGrant', 'kms:DescribeKey'], resources: [this.encryptionKey.keyArn] }));
    const part = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<${pseudo}>` : value);
    acknowledgeNoFix(
      role.managedPolicy!.node.defaultChild as iam.CfnManagedPolicy,
      [`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecr:${part(stack.region, 'AWS::Region')}:${part(stack.account, 'AWS::AccountId')}:repository/${prefix}/*]`],
      `The cache creates one repository per upstream image on first pull, so their names are not known in advance; the role may create repositories under ${prefix}/ only.`,
    );

    this.template = new ecr.CfnRepositoryCreationTemplate(this, 'Template', {
      prefix,
      appliedFor: ['PULL_THROUGH_CACHE'],
      description: `Repositories cached by ${this.node.path}`,
      imageTagMutability: 'IMMUTABLE',
      encryptionConfiguration: { encryptionType: 'KMS', kmsKey: this.encryptionKey.keyArn },
      repositoryPolicy: stack.toJsonString(new iam.PolicyDocument({ statements: [denyOutsideOrganization(props.organizationId)] }).toJSON()),
      lifecyclePolicy: keepNewestImagesPolicy(keepImages),
      customRoleArn: role.roleArn,
    });
    this.template.node.addDependency(role);
    this.rule = new ecr.CfnPullThroughCacheRule(this, 'Resource', {
      ecrRepositoryPrefix: prefix,
      upstreamRegistryUrl: PUBLIC_UPSTREAM_REGISTRIES[props.upstream],
    });
    this.rule.node.addDependency(this.template);
  }
}
