import { CfnOutput, CfnParameter, CfnWaitConditionHandle, Stack, Validations } from 'aws-cdk-lib';
import {
  CFN_LIMITS,
  limitRules,
  stackSetTemplateBodyRule,
  outputLimitRule,
  parameterLimitRule,
  resourceLimitRule,
  templateSizeRule,
} from '../../../lib/checks/limits';
import { LandingZoneChecks } from '../../../lib/checks/plugin';
import type { SynthesizedStack } from '../../../lib/template';
import { createApp } from '../../../lib/app';
import { tempOutdir } from '../../helpers';

const entries = (n: number, value: (i: number) => any): Record<string, any> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`X${i}`, value(i)]));
const stack = (template: SynthesizedStack['template']): SynthesizedStack => ({ stackPath: 'acme-big-prod-eu-west-1', templatePath: '', template });
const resources = (n: number) => entries(n, () => ({ Type: 'AWS::CloudFormation::WaitConditionHandle' }));

describe('resource limit', () => {
  test('450 resources (90% of 500) pass', () => {
    expect(resourceLimitRule.check([stack({ Resources: resources(450) })])).toEqual([]);
  });
  test('451 resources fail, naming stack, figure and limit', () => {
    const [finding] = resourceLimitRule.check([stack({ Resources: resources(451) })]);
    expect(finding.message).toBe(
      "stack acme-big-prod-eu-west-1 has 451 resources; the limit is 450 (90% of CloudFormation's 500): split the stack",
    );
  });
});

describe('template size', () => {
  const padded = (bytes: number) => stack({ Resources: { Big: { Type: 'AWS::SSM::Parameter', Properties: { Value: 'x'.repeat(bytes) } } } });
  test('a small template passes both size rules', () => {
    expect(templateSizeRule.check([padded(1000)])).toEqual([]);
  });
  test('above 51,200 bytes is nothing to report: CDK uploads every template, so the inline limit never applies', () => {
    expect(limitRules.flatMap((r) => r.check([padded(60_000)]))).toEqual([]);
  });
  test('above 1 MB fails with the figure and the limit', () => {
    expect(templateSizeRule.check([padded(CFN_LIMITS.templateBytes)])[0].message).toMatch(/template is \d+ bytes; the limit is 1048576 bytes \(1 MB\)/);
  });
});

test('201 outputs and 201 parameters fail; 200 pass', () => {
  expect(outputLimitRule.check([stack({ Outputs: entries(200, () => ({ Value: 'v' })) })])).toEqual([]);
  expect(outputLimitRule.check([stack({ Outputs: entries(201, () => ({ Value: 'v' })) })])[0].message).toBe(
    'stack acme-big-prod-eu-west-1 has 201 outputs; the limit is 200',
  );
  expect(parameterLimitRule.check([stack({ Parameters: entries(200, () => ({ Type: 'String' })) })])).toEqual([]);
  expect(parameterLimitRule.check([stack({ Parameters: entries(201, () => ({ Type: 'String' })) })])[0].message).toBe(
    'stack acme-big-prod-eu-west-1 has 201 parameters; the limit is 200',
  );
});

test('an oversize synthesized stack fails the synth with the limit rule', () => {
  const app = createApp({ outdir: tempOutdir() });
  const big = new Stack(app, 'acme-oversize-prod-eu-west-1');
  for (let i = 0; i < 460; i++) new CfnWaitConditionHandle(big, `Handle${i}`);
  Validations.of(app).addPlugins(new LandingZoneChecks(limitRules));
  expect(() => app.synth()).toThrow(/acme-oversize-prod-eu-west-1 has 460 resources; the limit is 450[\s\S]*LZ-StackResourceLimit/);
});

test('a stack within every limit synthesizes', () => {
  const app = createApp({ outdir: tempOutdir() });
  const small = new Stack(app, 'acme-small-prod-eu-west-1');
  new CfnWaitConditionHandle(small, 'Handle');
  new CfnOutput(small, 'Out', { value: 'v' });
  new CfnParameter(small, 'Param');
  Validations.of(app).addPlugins(new LandingZoneChecks(limitRules));
  expect(() => app.synth()).not.toThrow();
});

describe('StackSet template body size', () => {
  const stackSet = (bytes: number) => stack({ Resources: { Set: { Type: 'AWS::CloudFormation::StackSet', Properties: { TemplateBody: 'x'.repeat(bytes) } } } });
  test('a StackSet TemplateBody of 51,200 bytes passes; one byte more fails', () => {
    expect(stackSetTemplateBodyRule.check([stackSet(51_200)])).toEqual([]);
    expect(stackSetTemplateBodyRule.check([stackSet(51_201)])[0].message).toBe(
      'acme-big-prod-eu-west-1/Set: StackSet TemplateBody is 51201 bytes; the limit is 51200 bytes (split the StackSet or use TemplateURL)',
    );
  });
});
