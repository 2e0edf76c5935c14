import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsCustomResource, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { SdkCallExecution } from '../core/sdk-call-execution';
import { ValidationError } from '../../../constructs/core/validation-error';

/** Authorization policy types the landing zone attaches. */
export type AuthorizationPolicyType = 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

/** Props for {@link OrganizationPolicyTypes}. */
export interface OrganizationPolicyTypesProps {
  /** Organization ID (`o-...`). */
  readonly organizationId: string;
  /** Root ID (`r-...`) the types are enabled on. */
  readonly rootId: string;
  /** Policy types to enable. */
  readonly types: readonly AuthorizationPolicyType[];
}

/**
 * Enables policy types on the organization root (CloudFormation has no resource for it), so the policies
 * that depend on this construct can attach on a fresh organization.
 *
 * Default settings: `organizations:EnablePolicyType` scoped to this root; "already enabled" is success;
 * nothing is disabled on delete (disabling a type detaches every policy of that type from every target).
 *
 * @see https://docs.aws.amazon.com/organizations/latest/APIReference/API_EnablePolicyType.html
 */
export class OrganizationPolicyTypes extends Construct {
  constructor(scope: Construct, id: string, props: OrganizationPolicyTypesProps) {
    super(scope, id);
    if (!/^r-[0-9a-z]{4,32}$/.test(props.rootId)) {
      throw new ValidationError('Invalid OrganizationPolicyTypes props:', [`rootId: "${props.rootId}" is not a root ID (r-...)`]);
    }
    const stack = Stack.of(this);
    const execution = new SdkCallExecution(this, 'Execution', {
      purpose: 'Enables authorization policy types on the organization root.',
      statements: [
        new PolicyStatement({
          actions: ['organizations:EnablePolicyType'],
          resources: [`arn:${stack.partition}:organizations::${stack.account}:root/${props.organizationId}/${props.rootId}`],
        }),
      ],
    });
    for (const type of props.types) {
      const call = new AwsCustomResource(this, type, {
        role: execution.role,
        logGroup: execution.logGroup,
        installLatestAwsSdk: false,
        onUpdate: {
          service: 'Organizations',
          action: 'enablePolicyType',
          parameters: { RootId: props.rootId, PolicyType: type },
          physicalResourceId: PhysicalResourceId.of(`${props.rootId}/${type}`),
          ignoreErrorCodesMatching: 'PolicyTypeAlreadyEnabledException',
        },
      });
      call.node.addDependency(execution.policy);
    }
    SdkCallExecution.acknowledgeSingleton(this);
  }
}
