/**
 * Evaluates a request made in a member account under the SCP chain of the OU the account lives in and the
 * RCPs, all read from a synthesized organization template, with @cloud-copilot/iam-simulate (AGPL-3.0, a
 * devDependency used only by tests). Shared by the guardrail evaluation tables.
 */
import { getDenialReasons, runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import type { LandingZoneConfig } from '../../../lib/config/schema';

export interface Case {
  readonly what: string;
  readonly action: string;
  readonly resource: string;
  /** @default the harness's default principal */
  readonly principal?: string | { type: 'Anonymous' };
  /** @default eu-west-1 */
  readonly region?: string;
  readonly context?: Record<string, string | string[]>;
  /** A resource policy that would allow the request (to show the RCP overrides it). */
  readonly resourcePolicy?: unknown;
  /** Principal outside the organization: no SCPs of ours apply to it, only our RCPs. */
  readonly outsider?: boolean;
  /** OU path of the principal's account. @default the OU config gives the principal's account, else Root */
  readonly ou?: string;
  readonly expected: 'Allowed' | 'ExplicitlyDenied';
  /** The AWS page that documents the request (API reference, or the resource type's handler permissions). */
  readonly source?: string;
}

interface OrgPolicy {
  readonly name: string;
  readonly policy: any;
  /** OU paths ('Root' for the root) the policy is attached to. */
  readonly targets: string[];
}

const FULL_AWS_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const ADMIN = { name: 'AdministratorAccess', policy: FULL_AWS_ACCESS };
const accountOf = (arn: string) => /:(\d{12}):/.exec(arn)?.[1];

export const allowAll = (principal: unknown, action: string, resource: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: principal, Action: action, Resource: resource }],
});

/** The organization policies of a template, with their targets as OU paths. */
export function organizationPolicies(template: any, rootId: string): { scps: OrgPolicy[]; rcps: OrgPolicy[] } {
  const resources: Record<string, any> = template.Resources;
  const pathOf = (target: unknown): string => {
    if (target === rootId) return 'Root';
    const id = (target as any)?.['Fn::GetAtt']?.[0] ?? (target as any)?.Ref;
    const ou = resources[id];
    if (ou?.Type !== 'AWS::Organizations::OrganizationalUnit') throw new Error(`unknown policy target ${JSON.stringify(target)}`);
    const parent = pathOf(ou.Properties.ParentId);
    return parent === 'Root' ? ou.Properties.Name : `${parent}/${ou.Properties.Name}`;
  };
  const of = (type: string) =>
    Object.values(resources)
      .filter((r) => r.Type === 'AWS::Organizations::Policy' && r.Properties.Type === type)
      .map((r) => ({ name: r.Properties.Name as string, policy: r.Properties.Content, targets: (r.Properties.TargetIds as unknown[]).map(pathOf) }));
  return { scps: of('SERVICE_CONTROL_POLICY'), rcps: of('RESOURCE_CONTROL_POLICY') };
}

/** `Workloads/Prod` → `Root`, `Workloads`, `Workloads/Prod`: the levels whose SCPs apply, outermost first. */
const levels = (ou: string) => ['Root', ...ou.split('/').filter((p) => p !== 'Root').map((_, i, parts) => parts.slice(0, i + 1).join('/'))];

export interface Harness {
  readonly scps: OrgPolicy[];
  readonly rcps: OrgPolicy[];
  /** Sids of the statements that explicitly denied some evaluated request. */
  readonly denyingSids: Set<string>;
  decide(c: Case): Promise<string>;
}

export function harness(config: LandingZoneConfig, template: any, defaultPrincipal: string): Harness {
  const ORG = config.organization.id;
  const ROOT = config.organization.rootId;
  const { scps, rcps } = organizationPolicies(template, ROOT);
  const denyingSids = new Set<string>();
  const ouOfAccount = (account: string | undefined) => config.accounts.find((a) => a.id === account)?.ou ?? 'Root';

  async function decide(c: Case): Promise<string> {
    const principal = c.principal ?? defaultPrincipal;
    const anonymous = typeof principal !== 'string';
    const isService = typeof principal === 'string' && principal.endsWith('.amazonaws.com');
    const principalAccount = typeof principal === 'string' && !isService ? accountOf(principal) : undefined;
    const resourceAccount = accountOf(c.resource) ?? (c.resource.startsWith(`arn:aws:s3:::${config.organization.name}-`) ? '222222222222' : principalAccount ?? '333333333333');
    const context: Record<string, string | string[]> = { 'aws:RequestedRegion': c.region ?? 'eu-west-1', ...c.context };
    if (!anonymous && !isService) {
      context['aws:PrincipalArn'] = principal;
      context['aws:PrincipalAccount'] = principalAccount!;
      if (!c.outsider) context['aws:PrincipalOrgID'] = ORG;
      context['aws:PrincipalIsAWSService'] = 'false';
    }
    if (isService) context['aws:PrincipalIsAWSService'] = 'true';
    const ou = c.ou ?? ouOfAccount(principalAccount);
    const chain = levels(ou).map((level) => ({
      orgIdentifier: level === 'Root' ? ROOT : `ou-${level.toLowerCase().replace(/[^a-z0-9]+/g, '')}`,
      policies: [{ name: 'FullAWSAccess', policy: FULL_AWS_ACCESS }, ...scps.filter((p) => p.targets.includes(level))],
    }));
    const simulation: Simulation = {
      request: { principal, action: c.action, resource: { resource: c.resource, accountId: resourceAccount }, contextVariables: context },
      identityPolicies: anonymous || isService ? [] : [ADMIN],
      serviceControlPolicies:
        anonymous || isService
          ? []
          : c.outsider
            ? [{ orgIdentifier: 'r-other', policies: [{ name: 'FullAWSAccess', policy: FULL_AWS_ACCESS }] }]
            : [...chain, { orgIdentifier: principalAccount!, policies: [{ name: 'FullAWSAccess', policy: FULL_AWS_ACCESS }] }],
      resourceControlPolicies: [{ orgIdentifier: ROOT, policies: rcps }],
      // KMS needs a key policy; the default one delegates to the account's IAM policies.
      resourcePolicy: c.resourcePolicy ?? (c.action.startsWith('kms:') ? allowAll({ AWS: `arn:aws:iam::${resourceAccount}:root` }, 'kms:*', '*') : undefined),
    };
    const result = await runSimulation(simulation, {});
    if (result.resultType === 'error') throw new Error(`${c.what}: ${JSON.stringify(result.errors)}`);
    const analyses = result.resultType === 'single' ? [result.result.analysis] : result.results.map((r) => r.analysis);
    for (const reason of analyses.flatMap((a) => getDenialReasons(a))) {
      if (reason.denialType === 'Explicit' && reason.statementId) denyingSids.add(reason.statementId);
    }
    return result.overallResult;
  }
  return { scps, rcps, denyingSids, decide };
}
