import * as path from 'path';
import { CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { CfnOrganizationAdmin } from 'aws-cdk-lib/aws-detective';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type IKey } from 'aws-cdk-lib/aws-kms';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnDelegatedAdmin } from 'aws-cdk-lib/aws-securityhub';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct, type IConstruct } from 'constructs';
import { logsEncryptionKey } from '../../../constructs/core/logs-key';
import { ValidationError } from '../../../constructs/core/validation-error';
import { DELEGATED_SERVICE_PRINCIPALS } from './delegated-services';

/** A security service the security account administers for the organization. */
export type DelegatedService = 'guardduty' | 'securityhub' | 'inspector2' | 'macie' | 'detective' | 'config' | 'access-analyzer';

/** Props for {@link DelegatedAdmins}. */
export interface DelegatedAdminsProps {
  /** Account ID of the delegated administrator (the security-log account). */
  readonly adminAccountId: string;
  /** Governed regions; regional services are registered in each. The stack's own region must be one. */
  readonly regions: readonly string[];
  /**
   * Services to register.
   * @default ['guardduty', 'securityhub', 'inspector2', 'config', 'access-analyzer']
   */
  readonly services?: readonly DelegatedService[];
  /** Retention of the handler's log groups. @default RetentionDays.ONE_YEAR */
  readonly logRetention?: RetentionDays;
  /** Key encrypting the handler's log groups. @default - a new key with rotation */
  readonly logKey?: IKey;
}

/** Calls scoped by condition to the registered services' principals (see the policy below). */
const PRINCIPAL_SCOPED_ACTIONS: readonly string[] = [
  'organizations:EnableAWSServiceAccess',
  'organizations:RegisterDelegatedAdministrator',
  'organizations:DeregisterDelegatedAdministrator',
];

/** Reads and the services' own admin APIs, none of which has a resource type in IAM. */
const UNSCOPED_ACTIONS: readonly string[] = [
  'organizations:DescribeOrganization',
  'organizations:ListAWSServiceAccessForOrganization',
  'organizations:ListDelegatedAdministrators',
  'guardduty:EnableOrganizationAdminAccount',
  'guardduty:DisableOrganizationAdminAccount',
  'guardduty:ListOrganizationAdminAccounts',
  'securityhub:EnableOrganizationAdminAccount',
  'securityhub:DisableOrganizationAdminAccount',
  'securityhub:ListOrganizationAdminAccounts',
  'inspector2:EnableDelegatedAdminAccount',
  'inspector2:DisableDelegatedAdminAccount',
  'inspector2:ListDelegatedAdminAccounts',
  'macie2:EnableOrganizationAdminAccount',
  'macie2:DisableOrganizationAdminAccount',
  'macie2:ListOrganizationAdminAccounts',
  'detective:EnableOrganizationAdminAccount',
  'detective:DisableOrganizationAdminAccount',
  'detective:ListOrganizationAdminAccount',
];

export const DEFAULT_DELEGATED_SERVICES: readonly DelegatedService[] = ['guardduty', 'securityhub', 'inspector2', 'config', 'access-analyzer'];

/**
 * Registers one account as delegated administrator of the organization's security services, from the
 * management account, so the services are configured from the security account (never the management one).
 *
 * Default settings:
 * - Native CloudFormation where a type exists: `AWS::SecurityHub::DelegatedAdmin` and
 *   `AWS::Detective::OrganizationAdmin` in this stack's region (both with `DeletionPolicy: Retain`).
 * - Everything else (GuardDuty, Inspector, Macie, and Security Hub/Detective in the other governed regions;
 *   Config and IAM Access Analyzer through Organizations) by one custom resource per service
 *   (`lambda/delegated-admin`): it enables trusted access, registers idempotently, retries throttling
 *   with backoff, and on delete keeps the registration so a stack change never leaves the organization
 *   without its security administrator.
 *
 * @see CIS AWS Foundations 3.3, 4.16 (Config, Security Hub everywhere); Security Hub GuardDuty.1
 */
export class DelegatedAdmins extends Construct {
  constructor(scope: Construct, id: string, props: DelegatedAdminsProps) {
    super(scope, id);
    const home = Stack.of(this).region;
    const services = props.services ?? DEFAULT_DELEGATED_SERVICES;
    const problems: string[] = [];
    if (!/^\d{12}$/.test(props.adminAccountId)) problems.push(`adminAccountId: "${props.adminAccountId}" is not a 12-digit account ID`);
    if (props.regions.length === 0) problems.push('regions: received [], at least one region is required');
    if (!props.regions.includes(home)) {
      problems.push(`regions: ${JSON.stringify(props.regions)} must include the stack's region "${home}"`);
    }
    if (problems.length > 0) throw new ValidationError('Invalid DelegatedAdmins props:', problems);

    // Native types cover this stack's region; the custom resource covers the other governed regions and,
    // for every service, enables trusted access first (the native types require it).
    const others = props.regions.filter((r) => r !== home);
    const native = new Set<DelegatedService>(['securityhub', 'detective']);
    const logKey = props.logKey ?? logsEncryptionKey(this, 'LogKey', 'Encrypts the delegated-admin custom resource logs.');
    const logGroup = (name: string) =>
      new LogGroup(this, name, { retention: props.logRetention ?? RetentionDays.ONE_YEAR, encryptionKey: logKey, removalPolicy: RemovalPolicy.RETAIN });
    const handlerLogs = logGroup('HandlerLogs');
    const role = new Role(this, 'HandlerRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Delegated-admin registration handler (management account).',
    });
    const principals = services.flatMap((service) => DELEGATED_SERVICE_PRINCIPALS[service]);
    // A customer-managed policy (not inline, not AWSLambdaBasicExecutionRole): logs only to its own group.
    const policy = new ManagedPolicy(this, 'HandlerPolicy', {
      roles: [role],
      statements: [
        new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [handlerLogs.logGroupArn] }),
        // Trusted access and registration only for the services this construct registers.
        new PolicyStatement({
          actions: [...PRINCIPAL_SCOPED_ACTIONS],
          resources: ['*'],
          conditions: { StringEquals: { 'organizations:ServicePrincipal': principals } },
        }),
        new PolicyStatement({
          actions: ['iam:CreateServiceLinkedRole'],
          resources: ['*'],
          conditions: { StringEquals: { 'iam:AWSServiceName': principals } },
        }),
        new PolicyStatement({ actions: [...UNSCOPED_ACTIONS], resources: ['*'] }),
      ],
    });
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Organizations trusted-access and registration calls are limited by organizations:ServicePrincipal, service-linked roles by iam:AWSServiceName, to the registered services; the services\' List/Enable/DisableOrganizationAdminAccount APIs have no resource type in IAM.',
    });
    const onEvent = new NodejsFunction(this, 'Handler', {
      entry: path.join(__dirname, '..', '..', '..', 'lambda', 'delegated-admin', 'index.ts'),
      runtime: Runtime.NODEJS_22_X,
      role,
      timeout: Duration.minutes(5),
      memorySize: 256,
      // CloudFormation runs a handful of registrations per deploy; a small cap keeps Organizations calls few.
      reservedConcurrentExecutions: 2,
      description: 'Registers the security account as delegated administrator of the security services.',
      logGroup: handlerLogs,
      bundling: { minify: true, externalModules: ['@aws-sdk/*'] },
    });
    onEvent.node.addDependency(policy);
    const provider = new Provider(this, 'Provider', { onEventHandler: onEvent, logGroup: logGroup('ProviderLogs') });
    acknowledgeLambda(onEvent, 'The delegated-admin handler');
    Validations.of(onEvent).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'Node.js 22 is the runtime the project pins for its handlers (bundled SDK v3 tested against it).',
    });
    acknowledgeProvider(provider);

    for (const service of services) {
      const registration = new CustomResource(this, DelegatedAdmins.constructIdFor(service), {
        serviceToken: provider.serviceToken,
        resourceType: 'Custom::DelegatedAdmin',
        properties: { Service: service, AdminAccountId: props.adminAccountId, Regions: native.has(service) ? others : [...props.regions] },
      });
      if (service === 'securityhub') {
        const cfn = new CfnDelegatedAdmin(this, 'SecurityHubDelegatedAdmin', { adminAccountId: props.adminAccountId });
        cfn.applyRemovalPolicy(RemovalPolicy.RETAIN);
        cfn.node.addDependency(registration);
      }
      if (service === 'detective') {
        const cfn = new CfnOrganizationAdmin(this, 'DetectiveOrganizationAdmin', { accountId: props.adminAccountId });
        cfn.applyRemovalPolicy(RemovalPolicy.RETAIN);
        cfn.node.addDependency(registration);
      }
    }
  }

  /** `access-analyzer` → `AccessAnalyzer`. */
  public static constructIdFor(service: DelegatedService): string {
    return service.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
  }
}

/** Findings on a custom-resource Lambda that do not apply to a function only CloudFormation invokes. */
function acknowledgeLambda(fn: IConstruct, what: string): void {
  Validations.of(fn).acknowledge(
    { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: `${what} calls only AWS public APIs and holds no data; a VPC would add NAT cost and nothing else.` },
    { id: 'NIST.800.53.R5-LambdaDLQ', reason: `${what} is invoked synchronously by CloudFormation, which reports failures itself; a DLQ never receives events.` },
  );
}

/** The provider framework's own Lambda belongs to aws-cdk-lib: its role, policy and runtime are not ours to set. */
function acknowledgeProvider(provider: Provider): void {
  const framework = provider.node.findChild('framework-onEvent');
  acknowledgeLambda(framework, 'The custom-resource provider framework');
  Validations.of(framework).acknowledge(
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'aws-cdk-lib creates the provider framework role with the basic execution policy; it only writes its own logs.',
    },
    { id: 'AwsSolutions-IAM5[Resource::<DelegatedAdminsHandler0F332915.Arn>:*]', reason: 'The framework may invoke only the delegated-admin handler (any version of it).' },
    { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: 'aws-cdk-lib grants the provider framework invoke on the handler with an inline policy it owns.' },
    { id: 'NIST.800.53.R5-LambdaConcurrency', reason: 'The provider framework runs only when CloudFormation changes a delegated-admin registration.' },
    { id: 'AwsSolutions-L1', reason: 'aws-cdk-lib pins the provider framework runtime and updates it with aws-cdk-lib releases.' },
  );
}
