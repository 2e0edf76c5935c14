/**
 * Trusted outside accounts (vendors: SOC 2 automation, monitoring, CSPM) in the data-perimeter RCP: each
 * may call `sts:AssumeRole` on the roles config names, with its external ID when it has one, and nothing
 * else of the organization's. Vendors work this way, through a cross-account role with an external ID:
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */
import type { GuardrailStatement } from './statement';

/** One outside account as config gives it (`guardrails.trustedAccounts`). */
export interface TrustedAccount {
  readonly name: string;
  readonly accountId: string;
  readonly externalId?: string;
  readonly roleNames: readonly string[];
}

/** `soc2-vendor` → `Soc2Vendor`, for statement IDs (alphanumeric only). */
const pascal = (name: string) => name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());

/**
 * The statements that keep a trusted account to its roles and external ID. The perimeter's AssumeRole
 * statement lets the account's principals past the organization check; these then deny every other role,
 * and every request without the right `sts:ExternalId` (StringNotEquals is true when the key is missing).
 */
export function trustedAccountStatements(accounts: readonly TrustedAccount[]): GuardrailStatement[] {
  return accounts.flatMap((a): GuardrailStatement[] => [
    {
      Sid: `TrustedAccount${pascal(a.name)}Roles`,
      Effect: 'Deny',
      Principal: '*',
      Action: ['sts:AssumeRole'],
      NotResource: a.roleNames.map((r) => `arn:aws:iam::*:role/${r}`),
      Condition: { StringEquals: { 'aws:PrincipalAccount': a.accountId } },
      control: 'RCP data-perimeter',
    },
    ...(a.externalId === undefined
      ? []
      : [
          {
            Sid: `TrustedAccount${pascal(a.name)}ExternalId`,
            Effect: 'Deny' as const,
            Principal: '*' as const,
            Action: ['sts:AssumeRole'],
            Resource: '*',
            Condition: { StringEquals: { 'aws:PrincipalAccount': a.accountId }, StringNotEquals: { 'sts:ExternalId': a.externalId } },
            control: 'RCP data-perimeter' as const,
          },
        ]),
  ]);
}
