import { Stack, type StackProps } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
// A product team imports these from 'secure-landing-zone/constructs'.
import {
  OptOut,
  SecureApi,
  SecureBackupPlan,
  SecureContainerRepository,
  SecureDatabase,
  SecureFargateService,
  SecureFunction,
  SecureLoadBalancer,
  SecureQueue,
  SecureSecret,
  SecureUserPool,
  ServiceConnectAuthority,
  TieredVpc,
} from '../../constructs';

export interface ApiStackProps extends StackProps {
  /** ACM certificate of the API's domain, in this stack's region. */
  readonly certificateArn: string;
  /** ARN of the backup vault in the second region that receives copies. */
  readonly backupCopyVaultArn: string;
  /** The VPC's Availability Zones, pinned so `cdk synth` needs no credentials. */
  readonly availabilityZones: readonly string[];
  /** Organization ID: the VPC endpoints admit only its principals. */
  readonly organizationId: string;
  /** The landing zone's log archive bucket, where the VPC's flow logs go. */
  readonly flowLogBucketArn: string;
  /** The orders service's image tag in the `product/orders` repository (immutable: it names one image). */
  readonly ordersImageTag: string;
  /** The billing service's image tag in the `product/billing` repository. */
  readonly billingImageTag: string;
  /** The front end's sign-in callback (`https://www.example.com/callback`). */
  readonly signInCallbackUrl: string;
}

/**
 * The API: customers sign in (SecureUserPool); the front door (SecureApi) → function, and the load balancer →
 * orders container service, both in the app tier; orders calls the billing service over Service Connect TLS
 * (ServiceConnectAuthority); all of them → queue and database (data tier, master password in a rotated
 * SecureSecret), backed up to a second region. Every permission is a grant on a construct: no hand-written IAM.
 */
export class ApiStack extends Stack {
  public readonly loadBalancer: SecureLoadBalancer;
  public readonly database: SecureDatabase;
  public readonly jobs: SecureQueue;
  public readonly api: SecureFunction;
  public readonly signIn: SecureUserPool;
  public readonly frontDoor: SecureApi;
  public readonly orders: SecureFargateService;
  public readonly billing: SecureFargateService;
  public readonly mesh: ServiceConnectAuthority;

  private readonly zones: readonly string[];

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    this.zones = props.availabilityZones;
    const { vpc } = new TieredVpc(this, 'Network', {
      cidr: '10.60.0.0/20',
      availabilityZones: props.availabilityZones,
      organizationId: props.organizationId,
      flowLogBucketArn: props.flowLogBucketArn,
      tiers: { public: 26, app: 24, data: 26, admin: 28, monitoring: 28 },
      natGateways: 'single',
      interfaceEndpoints: ['sqs', 'logs', 'kms'],
    });
    const backups = new SecureBackupPlan(this, 'Backups', { copyToVaultArn: props.backupCopyVaultArn });

    this.jobs = new SecureQueue(this, 'Jobs');
    this.database = new SecureDatabase(this, 'Db', { vpc, backupPlan: backups });
    this.loadBalancer = new SecureLoadBalancer(this, 'Lb', {
      vpc,
      certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
    });

    this.api = new SecureFunction(this, 'Api', {
      vpc,
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(
        [
          "const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');",
          'const sqs = new SQSClient({});',
          'exports.handler = async (event) => {',
          '  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.JOBS_URL, MessageBody: JSON.stringify({ path: event.path }) }));',
          "  return { statusCode: 202, headers: { 'content-type': 'application/json' }, body: '{\"accepted\":true}' };",
          '};',
        ].join('\n'),
      ),
      environment: { JOBS_URL: this.jobs.queue.queueUrl },
      reservedConcurrentExecutions: 20,
    });
    this.jobs.queue.grantSendMessages(this.api);
    this.database.grantConnect(this.api, 'app_user');
    this.database.allowConnectionsFrom(this.api, 'API function to the database');
    this.signIn = new SecureUserPool(this, 'SignIn', { callbackUrls: [props.signInCallbackUrl] });
    this.frontDoor = new SecureApi(this, 'FrontDoor', { userPool: this.signIn });
    this.frontDoor.addRoute('/jobs', 'POST', new apigateway.LambdaIntegration(this.api.function));

    // Service-to-service traffic: one private CA (short-lived mode) and namespace for both services.
    this.mesh = new ServiceConnectAuthority(this, 'Mesh');

    // The billing service: called only by orders, over Service Connect TLS; reads the database as billing_user.
    const billingImages = new SecureContainerRepository(this, 'BillingImages', { repositoryName: 'product/billing', organizationId: props.organizationId });
    this.billing = new SecureFargateService(this, 'Billing', {
      vpc,
      image: ecs.ContainerImage.fromEcrRepository(billingImages.repository, props.billingImageTag),
      serviceConnect: { authority: this.mesh },
    });
    this.database.grantConnect(this.billing, 'billing_user');
    this.database.allowConnectionsFrom(this.billing, 'Billing service to the database');

    // The orders service: its image from the organization's repository, a partner key from Secrets Manager.
    const images = new SecureContainerRepository(this, 'Images', { repositoryName: 'product/orders', organizationId: props.organizationId });
    const partnerKey = new SecureSecret(this, 'PartnerKey', {
      description: 'API key the payment partner issued to the orders service',
      optOuts: { rotation: OptOut.because('Issued by the payment partner; reissued by hand when the partner rotates it') },
    });
    this.orders = new SecureFargateService(this, 'Orders', {
      vpc,
      image: ecs.ContainerImage.fromEcrRepository(images.repository, props.ordersImageTag),
      secrets: { PARTNER_API_KEY: partnerKey.secret },
      environment: { JOBS_URL: this.jobs.queue.queueUrl, BILLING_URL: this.billing.serviceConnectUrl! },
      serviceConnect: { authority: this.mesh },
    });
    // Only the orders task start (its execution role) may read the partner key; the resource policy denies the rest.
    partnerKey.grantRead(this.orders.executionRole);
    this.orders.addToLoadBalancer(this.loadBalancer, { priority: 20, pathPatterns: ['/orders/*'] });
    this.billing.allowCallsFrom(this.orders);
    this.jobs.queue.grantConsumeMessages(this.orders);
    this.database.grantConnect(this.orders, 'orders_user');
    this.database.allowConnectionsFrom(this.orders, 'Orders service to the database');
  }

  // ec2.Vpc checks its zones against the stack's; returning them avoids a credentialed lookup at synth.
  public override get availabilityZones(): string[] {
    return [...this.zones];
  }
}
