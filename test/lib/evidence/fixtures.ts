/** Tiny synthetic templates for evidence tests. */
import type { StackTemplate } from '../../../lib/evidence/resources';

export type Resources = Record<string, { Type: string; Properties?: any; [k: string]: any }>;

export const stackOf = (Resources: Resources, stackPath = 'acme-test-management-eu-west-1', account = '111111111111'): StackTemplate => ({
  stackPath,
  template: { Resources },
  account,
  region: 'eu-west-1',
});

/** An SCP resource denying `actions`, with an optional condition. */
export function scp(actions: string[], condition?: Record<string, Record<string, unknown>>, asString = false): Resources[string] {
  const Content = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: actions, Resource: '*', ...(condition ? { Condition: condition } : {}) }] };
  return { Type: 'AWS::Organizations::Policy', Properties: { Type: 'SERVICE_CONTROL_POLICY', Name: 'guardrails', Content: asString ? JSON.stringify(Content) : Content } };
}
