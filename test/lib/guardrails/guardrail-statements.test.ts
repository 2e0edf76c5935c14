import { CONTROLS } from '../../../lib/evidence/controls';
import { GUARDRAIL_STATEMENTS, guardrailStatements } from '../../../lib/guardrails/guardrail-statements';
import { guardrailInputs } from '../../../lib/guardrails/scp-statements';
import { defaultConfig, templateOf } from '../../helpers';

const config = defaultConfig();
const template = templateOf('organization', config).toJSON();
const synthesized = Object.values<any>(template.Resources)
  .filter((r) => r.Type === 'AWS::Organizations::Policy' && ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'].includes(r.Properties.Type))
  .flatMap((r) => (r.Properties.Content.Statement as Array<{ Sid?: string }>).map((s) => ({ policy: r.Properties.Name as string, sid: s.Sid })));
const controlOf = new Map(guardrailStatements(guardrailInputs(config)).map((s) => [s.statement.Sid, s.statement.control]));
const catalogue = new Set(CONTROLS.map((c) => c.id));

test('every statement of every synthesized SCP and RCP has a Sid and a control of the catalogue', () => {
  expect(synthesized.length).toBeGreaterThanOrEqual(24);
  const unmapped = synthesized.filter((s) => !s.sid || !controlOf.has(s.sid) || !catalogue.has(controlOf.get(s.sid)!));
  expect(unmapped.map((s) => `${s.policy}: ${s.sid ?? '(no Sid)'}`)).toEqual([]);
});

test('Sids are unique across the organization policies, so a Sid names one statement', () => {
  const sids = synthesized.map((s) => s.sid);
  expect(sids.filter((sid, i) => sids.indexOf(sid) !== i)).toEqual([]);
});

test('the control annotation never reaches a template', () => {
  expect(JSON.stringify(template)).not.toMatch(/"control"/);
});

test('the catalogue reads the same statements from placeholder inputs: what they deny does not depend on the config', () => {
  const shape = (xs: typeof GUARDRAIL_STATEMENTS) =>
    xs.map((s) => ({
      type: s.policyType,
      sid: s.statement.Sid,
      control: s.statement.control,
      action: s.statement.Action,
      notAction: s.statement.NotAction,
      keys: Object.entries(s.statement.Condition ?? {}).map(([op, block]) => [op, Object.keys(block)]),
    }));
  expect(shape(GUARDRAIL_STATEMENTS)).toEqual(shape(guardrailStatements(guardrailInputs(config))));
});
