/** The validation-report cache the Control Tower tests run cfn-guard through (test/cached-validation.ts). */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Validations, type IPolicyValidationContext, type IPolicyValidationPlugin, type PolicyValidationPluginReport } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { proactiveControlsPlugin } from '../lib/checks/proactive-controls';
import { cachedValidation } from './cached-validation';
import { proactiveControlFindings } from './constructs/nag';
import { tempOutdir } from './helpers';

/** A plugin that reports one violation on resource `R` of the first template, and counts its runs (outside itself: its fields are part of the key). */
function countingPlugin(version = '1'): IPolicyValidationPlugin & { readonly runs: number } {
  let runs = 0;
  const plugin: IPolicyValidationPlugin = {
    name: 'fake-guard',
    version,
    ruleIds: ['rule_a'],
    validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
      runs++;
      return {
        success: false,
        violations: [{ ruleName: 'rule_a', description: 'd', violatingResources: [{ resourceLogicalId: 'R', templatePath: context.templatePaths[0], locations: ['/Resources/R'] }] }],
      };
    },
  };
  return Object.defineProperty(plugin, 'runs', { get: () => runs, enumerable: false }) as IPolicyValidationPlugin & { readonly runs: number };
}

/** An app output folder with `S.template.json` holding `body`, and the validation context CDK would pass for it. */
function assemblyWith(body: string): { outdir: string; context: IPolicyValidationContext } {
  const outdir = tempOutdir();
  const templatePath = path.join(outdir, 'S.template.json');
  fs.writeFileSync(templatePath, body);
  return { outdir, context: { templatePaths: [templatePath], stackTemplates: [], appConstruct: undefined as any } };
}

test('identical templates in another run are answered from the report stored for them, pointing into the new folder', () => {
  const cache = tempOutdir();
  const plugin = countingPlugin();
  const first = assemblyWith('{"Resources":{}}');
  const stored = cachedValidation(plugin, first.outdir, cache).validate(first.context);
  const second = assemblyWith('{"Resources":{}}');
  const answered = cachedValidation(plugin, second.outdir, cache).validate(second.context);
  expect(plugin.runs).toBe(1);
  expect(stored.violations[0].violatingResources[0].templatePath).toBe(path.join(first.outdir, 'S.template.json'));
  expect(answered.violations[0].violatingResources[0].templatePath).toBe(path.join(second.outdir, 'S.template.json'));
  expect({ ...answered, violations: [] }).toEqual({ ...stored, violations: [] });
  expect(answered.violations[0].ruleName).toBe('rule_a');
});

test('a changed template byte or another plugin version runs the plugin again', () => {
  const cache = tempOutdir();
  const plugin = countingPlugin();
  const a = assemblyWith('{"Resources":{}}');
  cachedValidation(plugin, a.outdir, cache).validate(a.context);
  const b = assemblyWith('{"Resources": {}}');
  cachedValidation(plugin, b.outdir, cache).validate(b.context);
  expect(plugin.runs).toBe(2);
  const newer = countingPlugin('2');
  cachedValidation(newer, a.outdir, cache).validate(a.context);
  expect(newer.runs).toBe(1);
});

// CT.KMS.PR.3: https://docs.aws.amazon.com/controltower/latest/controlreference/ct-kms-pv-1.html
test('a finding answered from the cache still names its construct, as cfn-guard run live does', () => {
  const cache = tempOutdir();
  const guard = proactiveControlsPlugin();
  let live = 0;
  const counted: IPolicyValidationPlugin = { name: guard.name, version: guard.version, ruleIds: guard.ruleIds, validate: (c) => (live++, guard.validate(c)) };
  const run = () => {
    const app = new App({ outdir: tempOutdir() });
    new Key(new Stack(app, 'S', { env: { account: '111111111111', region: 'eu-west-1' } }), 'Key', { enableKeyRotation: true });
    Validations.of(app).addPlugins(cachedValidation(counted, app.outdir, cache));
    return proactiveControlFindings(app);
  };
  expect(run()).toEqual(['error kms_create_grant_aws_service_check: S/Key/Resource']);
  expect(run()).toEqual(['error kms_create_grant_aws_service_check: S/Key/Resource']);
  expect(live).toBe(1);
});
