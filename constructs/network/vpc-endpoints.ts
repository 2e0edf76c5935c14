/**
 * Private access to AWS services: S3 and DynamoDB gateway endpoints on every route table, and interface
 * endpoints (private DNS on) in the monitoring tier. Every endpoint policy admits only principals of the
 * organization, so a stolen credential of another account cannot use this VPC's endpoints to move data out.
 */
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/**
 * AWS-owned buckets instances read through the S3 gateway endpoint with no organization principal behind
 * the request (package repositories fetched anonymously, SSM agent and patch content, ECR image layers
 * fetched with presigned URLs), from AWS's data-perimeter examples. `{region}` is the VPC's region.
 * @see https://github.com/aws-samples/data-perimeter-policy-examples/blob/main/vpc_endpoint_policies/s3_endpoint_policy.json
 */
export const AWS_OWNED_S3_READS = [
  'al2023-repos-{region}-de612dc2',
  'al2023-{region}',
  'amazonlinux-2-repos-{region}',
  'amazonlinux.{region}.amazonaws.com',
  'aws-ssm-{region}',
  'amazon-ssm-{region}',
  'amazon-ssm-packages-{region}',
  '{region}-birdwatcher-prod',
  'aws-ssm-document-attachments-{region}',
  'aws-ssm-distributor-file-{region}',
  'patch-baseline-snapshot-{region}',
  'amazoncloudwatch-agent-{region}',
  'prod-{region}-starport-layer-bucket',
] as const;

/** Props for {@link VpcEndpoints}. */
export interface VpcEndpointsProps {
  readonly vpc: ec2.IVpc;
  /** IPv4 CIDR of the VPC; interface endpoints accept HTTPS from it. */
  readonly vpcCidr: string;
  /**
   * Organization ID (`o-...`) whose principals the endpoint policies admit.
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid
   */
  readonly organizationId: string;
  /** Interface endpoint service names, e.g. `ssm`, `ecr.api`. @default [] */
  readonly interfaceEndpoints?: readonly string[];
  /** Subnets the interface endpoints go in. @default - the monitoring tier */
  readonly subnets?: ec2.SubnetSelection;
}

/**
 * Gateway and interface VPC endpoints with organization-only policies.
 *
 * Default settings: S3 and DynamoDB gateway endpoints on every subnet's route table (S3 also admits
 * `s3:GetObject` on the {@link AWS_OWNED_S3_READS} buckets); interface endpoints
 * with private DNS, in the monitoring tier, behind a security group admitting TCP 443 from the VPC only.
 */
export class VpcEndpoints extends Construct {
  /**
   * The S3 and DynamoDB gateway endpoints. Add statements to their policies (`gateway.s3.addToPolicy`) when
   * a workload must reach a bucket outside the organization.
   */
  public readonly gateway: Record<'s3' | 'dynamodb', ec2.GatewayVpcEndpoint>;
  /** The interface endpoints by service name as passed (`interfaces.get('ssm')`). */
  public readonly interfaces = new Map<string, ec2.InterfaceVpcEndpoint>();
  /** The security group of every interface endpoint: TCP 443 in from the VPC CIDR, nothing out. */
  public readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    const orgOnly = (): iam.PolicyStatement =>
      new iam.PolicyStatement({
        sid: 'OnlyPrincipalsOfTheOrganization',
        principals: [new iam.AnyPrincipal()],
        actions: ['*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } },
      });

    this.gateway = {
      s3: new ec2.GatewayVpcEndpoint(this, 'S3', { vpc: props.vpc, service: ec2.GatewayVpcEndpointAwsService.S3 }),
      dynamodb: new ec2.GatewayVpcEndpoint(this, 'DynamoDb', { vpc: props.vpc, service: ec2.GatewayVpcEndpointAwsService.DYNAMODB }),
    };
    for (const endpoint of Object.values(this.gateway)) endpoint.addToPolicy(orgOnly());
    // Without this, `dnf update`, the SSM agent's updates and ECR image pulls fail: their requests carry no
    // principal of the organization. Read-only, and only objects of these AWS-owned buckets.
    const { region, partition } = Stack.of(this);
    this.gateway.s3.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadAwsOwnedBuckets',
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:GetObject'],
        resources: AWS_OWNED_S3_READS.map((b) => `arn:${partition}:s3:::${b.replace('{region}', region)}/*`),
      }),
    );

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Interface VPC endpoints: HTTPS from the VPC only',
      allowAllOutbound: false,
    });
    this.securityGroup.addIngressRule(ec2.Peer.ipv4(props.vpcCidr), ec2.Port.tcp(443), 'HTTPS from the VPC');

    for (const name of props.interfaceEndpoints ?? []) {
      const endpoint = new ec2.InterfaceVpcEndpoint(this, VpcEndpoints.constructIdFor(name), {
        vpc: props.vpc,
        service: new ec2.InterfaceVpcEndpointAwsService(name),
        privateDnsEnabled: true,
        subnets: props.subnets ?? { subnetGroupName: 'monitoring' },
        securityGroups: [this.securityGroup],
        open: false,
      });
      endpoint.addToPolicy(orgOnly());
      this.interfaces.set(name, endpoint);
    }
  }

  /**
   * The construct ID of a service's interface endpoint (`ecr.api` → `EcrApi`), stable whatever the list
   * order. Use it to find an endpoint with `node.findChild` or in a logical ID.
   */
  public static constructIdFor(service: string): string {
    return service
      .split(/[^a-z0-9]+/i)
      .filter(Boolean)
      .map((w) => w[0].toUpperCase() + w.slice(1))
      .join('');
  }
}
