/**
 * Guardrails per OU: the base SCPs apply everywhere (`serviceControlPolicies`); an OU may add stricter sets
 * (`prod`, `sandbox`) and a platform team's own Deny statements from a JSON file. Each set is one SCP,
 * attached to every OU that selects it; each custom file is one SCP on its OU. All of them are synthesized
 * as `AWS::Organizations::Policy`, so `LZ-IamActionExists` and `LZ-OrganizationPolicyLimits` check their
 * actions, size and per-target count like the base set.
 */
import * as fs from 'fs';
import { throwIfProblems } from '../../constructs/core/validation-error';
import type { LandingZoneConfig } from '../config/schema';
import type { OrganizationPolicyDefinition } from './scp-statements';
import { document, type GuardrailStatement, type PolicyDocument } from './statement';

type SetName = 'prod' | 'sandbox';

/** The statements of each stricter set, with the exempt roles' condition. */
export function guardrailSetStatements(set: SetName, exemptArnPatterns: readonly string[]): GuardrailStatement[] {
  const exempt = { ArnNotLike: { 'aws:PrincipalARN': [...exemptArnPatterns] } };
  if (set === 'prod') {
    return [
      {
        // Production backups outlive mistakes: the vault, its recovery points, its lock and RDS snapshots stay.
        Sid: 'ProdKeepBackups',
        Effect: 'Deny',
        Action: [
          'backup:DeleteBackupVault',
          'backup:DeleteBackupVaultLockConfiguration',
          'backup:DeleteRecoveryPoint',
          'backup:UpdateRecoveryPointLifecycle',
          'rds:DeleteDBClusterSnapshot',
          'rds:DeleteDBSnapshot',
        ],
        Resource: '*',
        Condition: exempt,
        control: 'SCP prod-keep-backups',
      },
      {
        // The account-level public access block already stops public ACLs taking effect; in Prod a request
        // that asks for one fails too, whatever opt-out a construct was given. Canned ACLs (s3:x-amz-acl):
        // https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl
        Sid: 'ProdNoPublicAcls',
        Effect: 'Deny',
        Action: ['s3:CreateBucket', 's3:PutBucketAcl', 's3:PutObject', 's3:PutObjectAcl'],
        Resource: '*',
        Condition: { StringEquals: { 's3:x-amz-acl': ['public-read', 'public-read-write', 'authenticated-read'] }, ...exempt },
        control: 'SCP prod-no-public-acls',
      },
    ];
  }
  return [
    {
      // Commitments outlive a sandbox: no reservations, Savings Plans or Marketplace subscriptions.
      Sid: 'SandboxNoCommitments',
      Effect: 'Deny',
      Action: [
        'aws-marketplace:Subscribe',
        'dynamodb:PurchaseReservedCapacityOfferings',
        'ec2:PurchaseHostReservation',
        'ec2:PurchaseReservedInstancesOffering',
        'elasticache:PurchaseReservedCacheNodesOffering',
        'es:PurchaseReservedInstanceOffering',
        'rds:PurchaseReservedDBInstancesOffering',
        'redshift:PurchaseReservedNodeOffering',
        'savingsplans:CreateSavingsPlan',
      ],
      Resource: '*',
      Condition: exempt,
      control: 'SCP sandbox-cost-limits',
    },
    {
      // Large, metal and accelerator instance families (ec2:InstanceType on the instance resource):
      // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html
      Sid: 'SandboxNoLargeInstances',
      Effect: 'Deny',
      Action: ['ec2:RunInstances', 'ec2:StartInstances'],
      Resource: 'arn:aws:ec2:*:*:instance/*',
      Condition: {
        StringLike: {
          'ec2:InstanceType': ['*.metal*', '*.8xlarge', '*.9xlarge', '*.??xlarge', '*.???xlarge', 'dl*', 'g*', 'hpc*', 'inf*', 'p*', 'trn*', 'u-*', 'x*'],
        },
        ...exempt,
      },
      control: 'SCP sandbox-cost-limits',
    },
  ];
}

/** An SCP to declare and the OU paths it attaches to. */
export interface OuGuardrailPolicy {
  readonly policy: OrganizationPolicyDefinition;
  readonly ouPaths: readonly string[];
}

/** Reads a platform team's statements; every problem of the file at once, with the file named. */
export function readCustomStatements(file: string, read: (f: string) => string = (f) => fs.readFileSync(f, 'utf8')): PolicyDocument['Statement'] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(read(file));
  } catch (e) {
    throwIfProblems(`guardrail statements ${file}`, [`cannot be read as JSON: ${(e as Error).message}`]);
  }
  const statements = Array.isArray(parsed) ? parsed : (parsed as { Statement?: unknown })?.Statement;
  const problems: string[] = [];
  if (!Array.isArray(statements) || statements.length === 0) {
    problems.push('expected a policy document with a non-empty Statement array, or the array itself');
  } else {
    statements.forEach((st: any, i) => {
      if (typeof st?.Sid !== 'string' || !/^[A-Za-z0-9]+$/.test(st.Sid)) problems.push(`Statement[${i}].Sid: ${JSON.stringify(st?.Sid)} (allowed: letters and digits)`);
      if (st?.Effect !== 'Deny') problems.push(`Statement[${i}].Effect: ${JSON.stringify(st?.Effect)} (allowed: "Deny"; FullAWSAccess already allows)`);
      if (st?.Action === undefined && st?.NotAction === undefined) problems.push(`Statement[${i}]: no Action or NotAction`);
      if (st?.Resource === undefined && st?.NotResource === undefined) problems.push(`Statement[${i}]: no Resource or NotResource`);
      if (st?.Principal !== undefined) problems.push(`Statement[${i}].Principal: SCPs take no Principal`);
    });
  }
  throwIfProblems(`guardrail statements ${file}`, problems);
  return statements as PolicyDocument['Statement'];
}

/** The per-OU SCPs of `config.guardrails.ous`: one per selected set, one per custom file. */
export function ouGuardrailPolicies(
  ous: LandingZoneConfig['guardrails']['ous'],
  exemptArnPatterns: readonly string[],
  policyName: (purpose: string) => string,
  read?: (file: string) => string,
): OuGuardrailPolicy[] {
  const entries = Object.entries(ous);
  const sets: Array<{ set: SetName; description: string }> = [
    { set: 'prod', description: 'Guardrails for production: backups and snapshots stay, no public ACLs.' },
    { set: 'sandbox', description: 'Guardrails for sandboxes: no commitments, no Marketplace subscriptions, no large instances.' },
  ];
  const result: OuGuardrailPolicy[] = [];
  for (const { set, description } of sets) {
    const ouPaths = entries.filter(([, o]) => o.sets.includes(set)).map(([path]) => path);
    if (ouPaths.length === 0) continue;
    const statements = guardrailSetStatements(set, exemptArnPatterns);
    result.push({ policy: { name: policyName(`scp-${set}`), description, document: document(statements), statements }, ouPaths });
  }
  for (const [path, o] of entries) {
    if (!o.customStatementsFile) continue;
    const slug = path.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    result.push({
      policy: {
        name: policyName(`scp-custom-${slug}`),
        description: `Platform team's guardrails for ${path} (${o.customStatementsFile}).`.slice(0, 512),
        document: { Version: '2012-10-17', Statement: readCustomStatements(o.customStatementsFile, read) },
        statements: [],
      },
      ouPaths: [path],
    });
  }
  return result;
}
