/**
 * Identity for the delivery pipeline (issue 19): GitHub's OIDC provider and the two roles its workflows
 * assume, so no AWS secret is ever stored in GitHub.
 *
 * Default settings:
 * - the provider trusts `https://token.actions.githubusercontent.com` for the audience `sts.amazonaws.com`
 *   (what aws-actions/configure-aws-credentials requests), as a plain `AWS::IAM::OIDCProvider`: no custom
 *   resource, and no thumbprint (IAM verifies GitHub's certificate against its library of trusted CAs);
 * - the diff role trusts only `repo:<owner>/<name>:pull_request` and may only assume the landing zone's
 *   bootstrap lookup roles (`cdk diff --method=template` reads deployed templates through them);
 * - the deploy role trusts only `repo:<owner>/<name>:environment:<environment>` and may only assume the
 *   bootstrap deploy and file-publishing roles of the configured accounts and regions;
 * - both policies are customer-managed and name each role ARN exactly (no wildcard).
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** GitHub's OIDC issuer. @see https://docs.github.com/en/actions/reference/security/oidc */
export const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';
/**
 * The audience aws-actions/configure-aws-credentials requests and GitHub's AWS guide tells you to register.
 * @see https://docs.github.com/en/actions/how-tos/secure-your-work/security-harden-deployments/oidc-in-aws
 */
export const GITHUB_AWS_AUDIENCE = 'sts.amazonaws.com';

/** Subject of a job run for a `pull_request` event that names no environment (GitHub OIDC reference, "Filtering for pull_request events"). */
export function pullRequestSubject(repository: string): string {
  return `repo:${repository}:pull_request`;
}

/** Subject of a job that references an environment (GitHub OIDC reference, "Filtering for a specific environment"). */
export function environmentSubject(repository: string, environment: string): string {
  return `repo:${repository}:environment:${environment}`;
}

/**
 * The trust conditions of a GitHub role: exact audience and exact subject. `StringEquals`, not `StringLike`,
 * so no character of the configured names can act as a wildcard.
 */
export function githubTrustConditions(subject: string): Record<string, Record<string, string>> {
  const host = GITHUB_OIDC_ISSUER.replace('https://', '');
  return { StringEquals: { [`${host}:aud`]: GITHUB_AWS_AUDIENCE, [`${host}:sub`]: subject } };
}

export interface GithubDeliveryRolesProps {
  /** The GitHub repository as `owner/name`, exactly as GitHub spells it in the `sub` claim. */
  readonly repository: string;
  /**
   * The GitHub environment the deploy job runs in. Its protection rules (required reviewers, deployment
   * branch `main` only) are what make "main, after approval" true: the claim carries the environment only.
   */
  readonly deployEnvironment: string;
  /** Name of the diff role (the pull-request workflow names it). */
  readonly diffRoleName: string;
  /** Name of the deploy role (the deploy workflow names it). */
  readonly deployRoleName: string;
  /** Bootstrap lookup roles the diff role may assume, one per target account and region. */
  readonly lookupRoleArns: readonly string[];
  /** Bootstrap deploy and file-publishing roles the deploy role may assume. */
  readonly deployRoleArns: readonly string[];
  /**
   * ARN of an existing GitHub provider in this account; IAM allows one provider per URL and account.
   * @default - the provider is created here
   */
  readonly existingProviderArn?: string;
  /**
   * Longest session of the deploy role: a landing-zone deploy with StackSets can run past an hour.
   * @default Duration.hours(2)
   */
  readonly deploySessionDuration?: Duration;
}

/** GitHub's OIDC provider, the pull-request diff role and the main-branch deploy role. */
export class GithubDeliveryRoles extends Construct {
  /** ARN of the GitHub OIDC provider the roles trust. */
  public readonly providerArn: string;
  /** The role pull requests of the repository assume to run `cdk diff`. */
  public readonly diffRole: iam.Role;
  /** The role the deploy job in the protected environment assumes to run `cdk deploy`. */
  public readonly deployRole: iam.Role;

  constructor(scope: Construct, id: string, props: GithubDeliveryRolesProps) {
    super(scope, id);
    if (props.existingProviderArn) {
      this.providerArn = props.existingProviderArn;
    } else {
      const provider = new iam.OidcProviderNative(this, 'Provider', {
        url: GITHUB_OIDC_ISSUER,
        clientIds: [GITHUB_AWS_AUDIENCE],
        // Replacing or deleting it would lock the pipeline out; a person removes it on purpose.
        removalPolicy: RemovalPolicy.RETAIN,
      });
      this.providerArn = provider.oidcProviderArn;
    }

    this.diffRole = this.role('DiffRole', {
      roleName: props.diffRoleName,
      subject: pullRequestSubject(props.repository),
      description: `cdk diff for pull requests of ${props.repository}: may only assume the bootstrap lookup roles`,
      assumable: props.lookupRoleArns,
      statementId: 'AssumeBootstrapLookupRoles',
      maxSessionDuration: Duration.hours(1),
    });
    this.deployRole = this.role('DeployRole', {
      roleName: props.deployRoleName,
      subject: environmentSubject(props.repository, props.deployEnvironment),
      description: `cdk deploy from ${props.repository} environment ${props.deployEnvironment}: may only assume the bootstrap deploy and file-publishing roles`,
      assumable: props.deployRoleArns,
      statementId: 'AssumeBootstrapDeployRoles',
      maxSessionDuration: props.deploySessionDuration ?? Duration.hours(2),
    });
  }

  private role(
    id: string,
    p: { roleName: string; subject: string; description: string; assumable: readonly string[]; statementId: string; maxSessionDuration: Duration },
  ): iam.Role {
    const role = new iam.Role(this, id, {
      roleName: p.roleName,
      description: p.description,
      assumedBy: new iam.WebIdentityPrincipal(this.providerArn, githubTrustConditions(p.subject)),
      maxSessionDuration: p.maxSessionDuration,
    });
    // The CDK CLI reaches every target through its bootstrap roles; the role itself touches nothing else.
    new iam.ManagedPolicy(this, `${id}Policy`, {
      description: p.description,
      roles: [role],
      statements: [new iam.PolicyStatement({ sid: p.statementId, actions: ['sts:AssumeRole'], resources: [...p.assumable] })],
    });
    return role;
  }
}
