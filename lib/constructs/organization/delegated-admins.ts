import * as path from 'path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CfnOrganizationAdmin } from 'aws-cdk-lib/aws-detective';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { type IKey } from 'aws-cdk-lib/aws-kms';
import { type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnDelegatedAdmin } from 'aws-cdk-lib/aws-securityhub';
import { Construct } from 'constructs';
import { ControlPlaneCustomResource } from '../core/control-plane-custom-resource';
import { logsEncryptionKey } from '../../../constructs/core/logs-key';
import { ValidationError } from '../../../constructs/core/validation-error';
import { DELEGATED_SERVICE_PRINCIPALS } from './delegated-services';

/** A security service the security account administers for the organization. */
export type DelegatedService = 'guardduty' | 'securityhub' | 'inspector2' | 'macie' | 'detective' | 'config' | 'access-analyzer' | 'resource-explorer';

/** Props for {@link DelegatedAdmins}. */
export interface DelegatedAdminsProps {
  /** Account ID of the delegated administrator (the security-log account). */
  readonly adminAccountId: string;
  /** Governed regions; regional services are registered in each. The stack's own region must be one. */
  readonly regions: readonly string[];
  /**
   * Services to register.
   * @default ['guardduty', 'securityhub', 'inspector2', 'config', 'access-analyzer', 'resource-explorer']
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

// Resource Explorer: its delegated administrator (one per organization) may create the organization-wide view;
// trusted access creates AWSServiceRoleForResourceExplorer in the management account.
// https://docs.aws.amazon.com/resource-explorer/latest/userguide/manage-service-multi-account.html
export const DEFAULT_DELEGATED_SERVICES: readonly DelegatedService[] = ['guardduty', 'securityhub', 'inspector2', 'config', 'access-analyzer', 'resource-explorer'];

/**
 * Registers one account as delegated administrator of the organization's security services, from the
 * management account, so the services are configured from the security account (never the management one).
 *
 * Default settings:
 * - Native CloudFormation where a type exists: `AWS::SecurityHub::DelegatedAdmin` and
 *   `AWS::Detective::OrganizationAdmin` in this stack's region (both with `DeletionPolicy: Retain`).
 * - Everything else (GuardDuty, Inspector, Macie, and Security Hub/Detective in the other governed regions;
 *   Config, IAM Access Analyzer and Resource Explorer through Organizations) by one custom resource per service
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
    if (problems.length > 0) throw ValidationError.of(this, 'DelegatedAdmins', problems);

    // Native types cover this stack's region; the custom resource covers the other governed regions and,
    // for every service, enables trusted access first (the native types require it).
    const others = props.regions.filter((r) => r !== home);
    const native = new Set<DelegatedService>(['securityhub', 'detective']);
    // Its own key, not the stack's shared one: the key and both log groups were released with these IDs
    // and are retained, so moving them would orphan them. `Default` keeps the pattern's children at the
    // logical IDs they had when this construct built them itself.
    const logKey = props.logKey ?? logsEncryptionKey(this, 'LogKey', 'Encrypts the delegated-admin custom resource logs.');
    const principals = services.flatMap((service) => DELEGATED_SERVICE_PRINCIPALS[service]);
    const registrations = new ControlPlaneCustomResource(this, 'Default', {
      entry: path.join(__dirname, '..', '..', '..', 'lambda', 'delegated-admin', 'index.ts'),
      purpose: 'Delegated-admin registration handler',
      resourceType: 'Custom::DelegatedAdmin',
      timeout: Duration.minutes(5),
      // CloudFormation runs a handful of registrations per deploy; a small cap keeps Organizations calls few.
      reservedConcurrentExecutions: 2,
      logKey,
      logRetention: props.logRetention,
      statements: [
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
      wildcardReason:
        'Organizations trusted-access and registration calls are limited by organizations:ServicePrincipal, service-linked roles by iam:AWSServiceName, to the registered services; the services\' List/Enable/DisableOrganizationAdminAccount APIs have no resource type in IAM.',
    });

    for (const service of services) {
      const registration = registrations.addResource(
        DelegatedAdmins.constructIdFor(service),
        { Service: service, AdminAccountId: props.adminAccountId, Regions: native.has(service) ? others : [...props.regions] },
        this,
      );
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
