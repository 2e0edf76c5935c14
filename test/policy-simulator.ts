/** Evaluates a resource policy (and optional identity policy) with @cloud-copilot/iam-simulate (tests only: AGPL). */
import { runSimulation } from '@cloud-copilot/iam-simulate';

export interface Request {
  /** Principal ARN (`arn:aws:iam::111:role/x`) or service principal (`cloudtrail.amazonaws.com`). */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** Account owning the resource. */
  readonly resourceAccount: string;
  readonly context?: Record<string, string | string[]>;
  /** Identity-policy statements of the principal (same-account requests need them unless the resource policy names the principal). */
  readonly identityStatements?: unknown[];
}

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export async function decide(resourcePolicy: any, req: Request): Promise<Decision> {
  const response = await runSimulation(
    {
      request: {
        principal: req.principal,
        action: req.action,
        resource: { resource: req.resource, accountId: req.resourceAccount },
        contextVariables: { 'aws:SecureTransport': 'true', ...req.context },
      },
      identityPolicies: req.identityStatements
        ? [{ name: 'identity', policy: { Version: '2012-10-17', Statement: req.identityStatements } }]
        : [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy,
    } as any,
    {},
  );
  if (response.resultType === 'error') throw new Error(JSON.stringify(response.errors, null, 2));
  return response.overallResult as Decision;
}
