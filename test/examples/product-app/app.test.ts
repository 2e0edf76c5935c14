import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { buildProductApp } from '../../../examples/product-app/app';
import { nagErrors } from '../../constructs/nag';
import { tempOutdir } from '../../helpers';

describe('the example product app', () => {
  const app = new App({ outdir: tempOutdir() });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app));
  const product = buildProductApp(app);

  test('synthesizes nag-clean under AwsSolutions and NIST 800-53 R5', () => {
    expect(nagErrors(app)).toEqual([]);
  });

  test('synthesizes without CDK warnings', () => {
    const messages = app.synth().stacks.flatMap((s) => s.messages.filter((m) => m.level !== 'info').map((m) => `${m.id}: ${String(m.entry.data)}`));
    expect(messages).toEqual([]);
  });

  test('has a static front end in us-east-1 and the API, queue and database in its home region', () => {
    expect(product.frontend.region).toBe('us-east-1');
    const api = Template.fromJSON(app.synth().getStackByName(product.api.stackName).template);
    api.resourceCountIs('AWS::RDS::DBInstance', 1);
    api.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    api.resourceCountIs('AWS::CloudFront::Distribution', 0);
    const frontend = Template.fromJSON(app.synth().getStackByName(product.frontend.stackName).template);
    frontend.resourceCountIs('AWS::CloudFront::Distribution', 1);
  });
});
