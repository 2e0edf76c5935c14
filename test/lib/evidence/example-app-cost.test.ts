import { App } from 'aws-cdk-lib';
import { buildProductApp } from '../../../examples/product-app/app';
import { EXAMPLE_APP_FIXED_COST, renderExampleAppCostSection, rowMonthly } from '../../../lib/evidence/example-app-cost';
import { tempOutdir } from '../../helpers';

/** Every resource of the synthesized example app, across its four stacks. */
function resources(): any[] {
  const app = new App({ outdir: tempOutdir() });
  buildProductApp(app);
  return app.synth().stacks.flatMap((s) => Object.values<any>(s.template.Resources ?? {}));
}

describe('the example product app cost table', () => {
  const all = resources();
  const of = (type: string) => all.filter((r) => r.Type === type);
  const row = (key: string) => EXAMPLE_APP_FIXED_COST.find((r) => r.key === key)!;
  const tasks = of('AWS::ECS::Service').reduce((n, s) => n + s.Properties.DesiredCount, 0);
  const [taskDef] = of('AWS::ECS::TaskDefinition');

  test.each<[string, () => number]>([
    ['privateCa', () => of('AWS::ACMPCA::CertificateAuthority').filter((c) => c.Properties.UsageMode === 'SHORT_LIVED_CERTIFICATE').length],
    ['rdsInstance', () => of('AWS::RDS::DBInstance').filter((d) => d.Properties.DBInstanceClass === 'db.t4g.medium' && d.Properties.MultiAZ === true).length],
    ['rdsStorageGb', () => of('AWS::RDS::DBInstance').reduce((n, d) => n + Number(d.Properties.AllocatedStorage), 0)],
    ['interfaceEndpointAz', () => of('AWS::EC2::VPCEndpoint').filter((e) => e.Properties.VpcEndpointType === 'Interface').reduce((n, e) => n + e.Properties.SubnetIds.length, 0)],
    ['fargateVcpu', () => (tasks * Number(taskDef.Properties.Cpu)) / 1024],
    ['fargateMemoryGb', () => (tasks * Number(taskDef.Properties.Memory)) / 1024],
    ['natGateway', () => of('AWS::EC2::NatGateway').length],
    ['webAcl', () => of('AWS::WAFv2::WebACL').length],
    ['webAclRule', () => of('AWS::WAFv2::WebACL').reduce((n, w) => n + w.Properties.Rules.length, 0)],
    ['applicationLoadBalancer', () => of('AWS::ElasticLoadBalancingV2::LoadBalancer').filter((l) => l.Properties.Type === 'application').length],
    ['kmsKey', () => of('AWS::KMS::Key').length],
    ['publicIpv4', () => of('AWS::EC2::EIP').length + of('AWS::ElasticLoadBalancingV2::LoadBalancer').filter((l) => l.Properties.Scheme === 'internet-facing').reduce((n, l) => n + l.Properties.Subnets.length, 0)],
    ['secret', () => of('AWS::SecretsManager::Secret').length],
  ])('%s: the quantity is what the app synthesizes', (key, count) => {
    expect(row(key).quantity).toBe(count());
  });

  test('every task definition has the size the Fargate rows assume', () => {
    expect(of('AWS::ECS::TaskDefinition').map((t) => [t.Properties.Cpu, t.Properties.Memory])).toEqual([['256', '512'], ['256', '512']]);
  });

  test('the section totals its rows', () => {
    const total = EXAMPLE_APP_FIXED_COST.reduce((n, r) => n + rowMonthly(r), 0);
    expect(renderExampleAppCostSection()).toContain(`| **total** | | | **$${total.toFixed(2)}** |`);
  });
});
