import { ArnFormat, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import { Construct } from 'constructs';
import { ManagedPolicyRole } from '../core/managed-policy-role';
import { acknowledgeNoFix } from '../core/opt-out';
import { throwIfProblems } from '../core/validation-error';
import { newKeyWithServiceGrantsOnly } from '../core/kms-grants';

/**
 * Operating mode of the private CA, which sets its price.
 * @see https://aws.amazon.com/private-ca/pricing/ ($50 per CA-month short-lived, $400 general-purpose)
 * @see https://docs.aws.amazon.com/privateca/latest/userguide/short-lived-certificates.html
 */
export type ServiceConnectCaMode = 'SHORT_LIVED_CERTIFICATE' | 'GENERAL_PURPOSE';

/** Props for {@link ServiceConnectAuthority}. */
export interface ServiceConnectAuthorityProps {
  /**
   * Name of the Cloud Map HTTP namespace the services register in (`orders` is then reachable as `http://orders:8080`).
   * @default 'internal'
   */
  readonly namespaceName?: string;
  /**
   * Mode of the private CA this construct creates. Service Connect issues certificates valid 7 days and rotates them
   * every 5, so short-lived mode ($50 a month) is enough; general-purpose ($400 a month) only when the same CA must
   * also issue longer certificates (e.g. through ACM to an internal load balancer).
   * @default 'SHORT_LIVED_CERTIFICATE'
   * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-tls.html
   */
  readonly mode?: ServiceConnectCaMode;
  /**
   * A private CA you already run in this account and region (one CA serves every service of the namespace); none is created.
   * @default - a new root CA in `mode`, valid 10 years, retained
   */
  readonly certificateAuthorityArn?: string;
  /**
   * Customer-managed key encrypting the certificates' private keys ECS stores in Secrets Manager (`ecs-sc!*` secrets).
   * @default - a new key with yearly rotation, retained
   * @see NIST 800-53 SC-12, SC-28
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * The trust root of encrypted service-to-service traffic: an AWS Private CA, the Cloud Map namespace the
 * services meet in, the key for their certificate secrets and the ECS infrastructure role that issues and
 * rotates their certificates. Pass it to each {@link SecureFargateService} as `serviceConnect.authority`;
 * one authority serves every service of an app.
 *
 * ```ts
 * const mesh = new ServiceConnectAuthority(this, 'Mesh');
 * const billing = new SecureFargateService(this, 'Billing', { vpc, image, serviceConnect: { authority: mesh } });
 * const orders = new SecureFargateService(this, 'Orders', { vpc, image, serviceConnect: { authority: mesh } });
 * billing.allowCallsFrom(orders); // orders calls http://billing:8080; the Service Connect proxies speak TLS 1.3
 * ```
 *
 * Default settings:
 * - root CA in short-lived certificate mode ($50 a month), EC P-256 / SHA256WITHECDSA, self-signed for 10 years, retained
 * - certificate secrets encrypted with a customer-managed key (rotation on, retained)
 * - infrastructure role assumable only by ECS of this account, holding one customer-managed policy: issue and read
 *   certificates of this CA only, manage only the `ecs-sc!*` secrets ECS creates and tags
 *
 * @see NIST 800-53 SC-8, SC-8(1), SC-12, SC-23; PCI DSS 4.2.1
 */
export class ServiceConnectAuthority extends Construct {
  /** The Cloud Map HTTP namespace the services register in. */
  public readonly namespace: servicediscovery.HttpNamespace;
  /** ARN of the private CA that signs the services' certificates. */
  public readonly certificateAuthorityArn: string;
  /** The key encrypting the certificate secrets. */
  public readonly encryptionKey: kms.IKey;
  /** The role ECS uses to issue, store and rotate the certificates. */
  public readonly infrastructureRole: iam.IRole;
  /** The CA's mode (undefined when an existing CA was passed). */
  public readonly mode?: ServiceConnectCaMode;

  constructor(scope: Construct, id: string, props: ServiceConnectAuthorityProps = {}) {
    super(scope, id);
    const namespaceName = props.namespaceName ?? 'internal';
    const mode = props.mode ?? 'SHORT_LIVED_CERTIFICATE';
    throwIfProblems(this, 'ServiceConnectAuthority', [
      ...(['SHORT_LIVED_CERTIFICATE', 'GENERAL_PURPOSE'].includes(mode) ? [] : [`mode: "${mode}" is not allowed (allowed: SHORT_LIVED_CERTIFICATE, GENERAL_PURPOSE)`]),
      ...(!Token.isUnresolved(namespaceName) && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(namespaceName)
        ? [`namespaceName: "${namespaceName}" is not allowed (allowed: 1-63 lower-case letters, digits and hyphens)`]
        : []),
      ...(props.certificateAuthorityArn !== undefined && props.mode !== undefined
        ? ['mode: given with certificateAuthorityArn (allowed: one of them; the mode of an existing CA is already set)']
        : []),
    ]);

    this.namespace = new servicediscovery.HttpNamespace(this, 'Namespace', { name: namespaceName, description: `Service Connect namespace of ${this.node.path}`.slice(0, 1024) });
    this.encryptionKey =
      props.encryptionKey ??
      newKeyWithServiceGrantsOnly(this, 'Key', { description: `Encrypts the Service Connect certificate secrets of ${this.node.path}`, enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });

    if (props.certificateAuthorityArn) {
      this.certificateAuthorityArn = props.certificateAuthorityArn;
    } else {
      this.mode = mode;
      this.certificateAuthorityArn = rootCertificateAuthority(this, mode);
    }

    const stack = Stack.of(this);
    // The ECS infrastructure role for Service Connect TLS. The statements are those of the AWS managed policy
    // AmazonECSInfrastructureRolePolicyForServiceConnectTransportLayerSecurity, narrowed to this CA, this
    // account and region, instead of attaching the managed policy (which covers every CA and region).
    const role = new ManagedPolicyRole(this, 'InfrastructureRole', {
      assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      description: `ECS issues and rotates the Service Connect certificates of ${this.node.path}`.slice(0, 1000),
    });
    const secrets = stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: 'ecs-sc!*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const createdByEcs = {
      ArnLike: { 'aws:RequestTag/AmazonECSCreated': [stack.formatArn({ service: 'ecs', resource: 'service', resourceName: '*/*' }), stack.formatArn({ service: 'ecs', resource: 'task-set', resourceName: '*/*' })] },
      StringEquals: { 'aws:RequestTag/AmazonECSManaged': 'true' },
    };
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'CreateSecret', actions: ['secretsmanager:CreateSecret', 'secretsmanager:TagResource'], resources: [secrets], conditions: createdByEcs }));
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'RotateTLSCertificateSecret',
        actions: [
          'secretsmanager:DescribeSecret',
          'secretsmanager:UpdateSecret',
          'secretsmanager:GetSecretValue',
          'secretsmanager:PutSecretValue',
          'secretsmanager:DeleteSecret',
          'secretsmanager:RotateSecret',
          'secretsmanager:UpdateSecretVersionStage',
        ],
        resources: [secrets],
        conditions: { StringEquals: { 'secretsmanager:ResourceTag/AmazonECSManaged': 'true' } },
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ManagePrivateCertificateAuthority',
        actions: ['acm-pca:GetCertificateAuthorityCertificate', 'acm-pca:GetCertificate', 'acm-pca:DescribeCertificateAuthority', 'acm-pca:IssueCertificate'],
        resources: [this.certificateAuthorityArn],
      }),
    );
    this.encryptionKey.grantEncryptDecrypt(role);
    this.infrastructureRole = role;

    const part = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<${pseudo}>` : value);
    acknowledgeNoFix(
      role.managedPolicy!.node.defaultChild as iam.CfnManagedPolicy,
      [`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:${part(stack.region, 'AWS::Region')}:${part(stack.account, 'AWS::AccountId')}:secret:ecs-sc!*]`],
      'ECS names the certificate secret of each service and task set itself (ecs-sc!<id>); the grant covers only that prefix in this account and region, only secrets tagged AmazonECSManaged, and only for ECS acting for this account.',
    );
  }
}

/** A root CA in `mode`, self-signed and activated, so the authority issues certificates once the stack deploys. */
function rootCertificateAuthority(scope: Construct, mode: ServiceConnectCaMode): string {
  const ca = new acmpca.CfnCertificateAuthority(scope, 'Resource', {
    type: 'ROOT',
    keyAlgorithm: 'EC_prime256v1',
    signingAlgorithm: 'SHA256WITHECDSA',
    subject: { commonName: `Service Connect ${scope.node.path}`.slice(0, 64), organization: 'secure-landing-zone' },
    usageMode: mode,
  });
  // A deleted CA stops every service's certificate renewal; it is disabled and deleted on purpose, never by a stack update.
  ca.applyRemovalPolicy(RemovalPolicy.RETAIN);
  const certificate = new acmpca.CfnCertificate(scope, 'RootCertificate', {
    certificateAuthorityArn: ca.attrArn,
    certificateSigningRequest: ca.attrCertificateSigningRequest,
    signingAlgorithm: 'SHA256WITHECDSA',
    templateArn: `arn:${Stack.of(scope).partition}:acm-pca:::template/RootCACertificate/V1`,
    validity: { type: 'YEARS', value: 10 },
  });
  certificate.applyRemovalPolicy(RemovalPolicy.RETAIN);
  const activation = new acmpca.CfnCertificateAuthorityActivation(scope, 'Activation', {
    certificateAuthorityArn: ca.attrArn,
    certificate: certificate.attrCertificate,
    status: 'ACTIVE',
  });
  activation.applyRemovalPolicy(RemovalPolicy.RETAIN);
  return ca.attrArn;
}
