import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { GithubDeliveryRoles } from '../constructs/cicd/github-delivery-roles';

/** The slice of config the cicd stack needs, with the names and role ARNs derived from it. */
export interface CicdStackProps extends StackProps {
  /** `cicd.repository`: owner/name. */
  readonly repository: string;
  /** `cicd.deployEnvironment`. */
  readonly deployEnvironment: string;
  /** From `cicdNames()`. */
  readonly diffRoleName: string;
  readonly deployRoleName: string;
  /** Existing provider ARN when `cicd.createOidcProvider` is false. */
  readonly existingProviderArn?: string;
  readonly lookupRoleArns: readonly string[];
  readonly deployRoleArns: readonly string[];
}

/**
 * Management account, home region: identity for GitHub Actions. A stack of its own, apart from the
 * organization stack, so the pipeline's identity can be created (by a person) before the pipeline first
 * runs, exists only when `cicd` is configured, and a failed organization deploy can never take it down.
 */
export class CicdStack extends Stack {
  public readonly roles: GithubDeliveryRoles;

  constructor(scope: Construct, id: string, props: CicdStackProps) {
    super(scope, id, props);
    this.roles = new GithubDeliveryRoles(this, 'GithubDelivery', {
      repository: props.repository,
      deployEnvironment: props.deployEnvironment,
      diffRoleName: props.diffRoleName,
      deployRoleName: props.deployRoleName,
      existingProviderArn: props.existingProviderArn,
      lookupRoleArns: props.lookupRoleArns,
      deployRoleArns: props.deployRoleArns,
    });
    // The workflows read these as repository variables (SLZ_DIFF_ROLE_ARN, SLZ_DEPLOY_ROLE_ARN).
    new CfnOutput(this, 'DiffRoleArn', { value: this.roles.diffRole.roleArn, description: 'GitHub variable SLZ_DIFF_ROLE_ARN' });
    new CfnOutput(this, 'DeployRoleArn', { value: this.roles.deployRole.roleArn, description: 'GitHub variable SLZ_DEPLOY_ROLE_ARN' });
  }
}
