import * as path from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ControlPlaneCustomResource } from '../core/control-plane-custom-resource';
import { logsEncryptionKey } from '../../../constructs/core/logs-key';
import { ValidationError } from '../../../constructs/core/validation-error';
import type { ManagementPolicyType } from './organization-policies';

/** Authorization policy types the landing zone attaches. */
export type AuthorizationPolicyType = 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

/** Props for {@link OrganizationPolicyTypes}. */
export interface OrganizationPolicyTypesProps {
  /** Organization ID (`o-...`). */
  readonly organizationId: string;
  /** Root ID (`r-...`) the types are enabled on. */
  readonly rootId: string;
  /** Policy types to enable. */
  readonly types: readonly (AuthorizationPolicyType | ManagementPolicyType)[];
}

/**
 * Enables policy types (authorization and management) on the organization root (CloudFormation has no resource for it), so the policies
 * that depend on this construct can attach on a fresh organization.
 *
 * Default settings: one custom resource (`lambda/policy-types`); `organizations:EnablePolicyType` scoped to this root; "already enabled" is success;
 * nothing is disabled on delete (disabling a type detaches every policy of that type from every target).
 *
 * @see https://docs.aws.amazon.com/organizations/latest/APIReference/API_EnablePolicyType.html
 */
export class OrganizationPolicyTypes extends Construct {
  constructor(scope: Construct, id: string, props: OrganizationPolicyTypesProps) {
    super(scope, id);
    if (!/^r-[0-9a-z]{4,32}$/.test(props.rootId)) {
      throw ValidationError.of(this, 'OrganizationPolicyTypes', [`rootId: "${props.rootId}" is not a root ID (r-...)`]);
    }
    const stack = Stack.of(this);
    // The key and handler log group keep the IDs they were released with (both retained): `Default`
    // hides the pattern's own level from logical IDs, `Logs` was the log group's ID.
    const execution = new Construct(this, 'Execution');
    new ControlPlaneCustomResource(execution, 'Default', {
      entry: path.join(__dirname, '..', '..', '..', 'lambda', 'policy-types', 'index.ts'),
      purpose: 'Organization policy-types handler',
      resourceType: 'Custom::OrganizationPolicyTypes',
      logKey: logsEncryptionKey(execution, 'LogKey', 'Encrypts the logs of: Enables authorization policy types on the organization root.'),
      handlerLogsId: 'Logs',
      timeout: Duration.minutes(2),
      statements: [
        new PolicyStatement({
          actions: ['organizations:EnablePolicyType'],
          resources: [`arn:${stack.partition}:organizations::${stack.account}:root/${props.organizationId}/${props.rootId}`],
        }),
      ],
      properties: { RootId: props.rootId, PolicyTypes: [...props.types] },
    });
  }
}
