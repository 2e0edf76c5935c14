import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { logArchiveNames } from '../../../lib/names';
import { buildApp, defaultConfig, defaultRawConfig, parseRaw } from '../../helpers';

describe('network stacks of the default config', () => {
  const config = defaultConfig();
  const { app, lz } = buildApp(config, { checks: false });
  const templates = Object.fromEntries(Object.entries(lz.networks).map(([name, stack]) => [name, Template.fromStack(stack)]));

  test('one network-<env> stack per environment, in the environment account and region', () => {
    expect(Object.keys(lz.networks)).toEqual(['prod', 'staging', 'demo', 'sandbox']);
    expect(lz.networks.prod.stackName).toBe('acme-network-prod-prod-eu-west-1');
    expect(lz.networks.staging.stackName).toBe('acme-network-staging-dev-eu-west-1');
    expect(lz.networks.prod.account).toBe('333333333333');
    for (const name of ['staging', 'demo', 'sandbox']) expect(lz.networks[name].account).toBe('444444444444');
    for (const stack of Object.values(lz.networks)) expect(lz.stacks).toContain(stack);
  });

  test('staging is the twin of prod in everything but what only costs money: one NAT gateway, no interface endpoints', () => {
    // config/landing-zone.yaml (staging): same AZs, tiers, subnets, NACLs, security groups, logging and bastion;
    // one NAT gateway instead of one per AZ, no interface endpoints.
    const normalize = (value: unknown) =>
      JSON.stringify(value)
        .replace(/10\.(10|20)\./g, '10.X.')
        .replace(/333333333333|444444444444/g, 'ACCOUNT')
        .replace(/acmenetwork(prod|staging)\w*/g, 'STACKID')
        .replace(/acme-network-(prod|staging)-(prod|dev)-eu-west-1/g, 'STACK');
    const resources = (t: Template) => Object.entries<any>(t.toJSON().Resources).filter(([, r]) => r.Type !== 'AWS::CDK::Metadata');
    const keys = (t: Template) => new Set(resources(t).map(([id, r]) => normalize(id) + normalize(r)));
    const prodKeys = keys(templates.prod);
    const stagingKeys = keys(templates.staging);
    const onlyIn = (t: Template, other: Set<string>) => resources(t).filter(([id, r]) => !other.has(normalize(id) + normalize(r)));
    const kinds = (rows: [string, any][]) => [...new Set(rows.map(([, r]) => r.Type))].sort();
    // What differs: prod's extra NAT gateways with their addresses, its interface endpoints, and the default
    // routes of the second and third AZs (prod: their own NAT gateway; staging: the one in the first AZ).
    expect(kinds(onlyIn(templates.prod, stagingKeys))).toEqual(['AWS::EC2::EIP', 'AWS::EC2::NatGateway', 'AWS::EC2::Route', 'AWS::EC2::VPCEndpoint']);
    expect(kinds(onlyIn(templates.staging, prodKeys))).toEqual(['AWS::EC2::Route']);
    const count = (t: Template, type: string) => Object.keys(t.findResources(type)).length;
    expect([count(templates.prod, 'AWS::EC2::NatGateway'), count(templates.staging, 'AWS::EC2::NatGateway')]).toEqual([3, 1]);
    const interfaceEndpoints = (t: Template) => Object.keys(t.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } })).length;
    expect([interfaceEndpoints(templates.prod), interfaceEndpoints(templates.staging)]).toEqual([4, 0]);
    // Everything else is the same resource with the same properties: subnets, NACLs, security groups, flow logs.
    for (const type of ['AWS::EC2::Subnet', 'AWS::EC2::NetworkAclEntry', 'AWS::EC2::SecurityGroup', 'AWS::EC2::FlowLog']) {
      expect([type, count(templates.staging, type)]).toEqual([type, count(templates.prod, type)]);
    }
  });

  test('every VPC sends flow logs of all traffic to the log archive bucket', () => {
    const bucketArn = `arn:aws:s3:::${logArchiveNames(config).bucketName}`;
    for (const t of Object.values(templates)) {
      t.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL', LogDestination: bucketArn });
    }
  });

  test('Session Manager preferences exist once per account and region; later stacks share and depend on them', () => {
    const documents = Object.fromEntries(Object.entries(templates).map(([n, t]) => [n, Object.keys(t.findResources('AWS::SSM::Document')).length]));
    expect(documents).toEqual({ prod: 1, staging: 1, demo: 0, sandbox: 0 });
    expect(lz.networks.demo.dependencies).toContain(lz.networks.staging);
    expect(lz.networks.sandbox.dependencies).toContain(lz.networks.staging);
  });

  test('a bastion where the config asks for one', () => {
    const bastions = Object.fromEntries(Object.entries(templates).map(([n, t]) => [n, Object.keys(t.findResources('AWS::EC2::Instance')).length]));
    expect(bastions).toEqual({ prod: 1, staging: 1, demo: 1, sandbox: 0 });
  });

  test('synthesizes without any context lookup (cdk synth needs no credentials)', () => {
    const assembly = app.synth();
    expect(assembly.manifest.missing ?? []).toEqual([]);
  });
});

describe('a network with every option on', () => {
  const raw = defaultRawConfig();
  raw.network.prod = {
    ...raw.network.prod,
    flowLogsToCloudWatch: true,
    interfaceEndpoints: ['ssm', 'ssmmessages', 'ec2messages', 'kms', 'logs', 'sts', 'secretsmanager', 'ecr.api', 'ecr.dkr', 'sqs', 'rds'],
    transitGateway: { id: 'tgw-0123456789abcdef0', vpnCustomerGatewayIp: '203.0.113.10', officeCidrs: ['192.168.0.0/16'] },
    firewall: { allowedDomains: ['.amazonaws.com', 'github.com'], suricataRules: ['drop tcp $HOME_NET any -> $EXTERNAL_NET 25 (msg:"no SMTP"; sid:2000001; rev:1;)'] },
  };
  const config = parseRaw(raw);

  test('synthesizes nag-clean (AwsSolutions, NIST 800-53 R5, landing-zone rules) and under 450 resources', () => {
    const { app, lz } = buildApp(config);
    let outdir = '';
    try {
      outdir = app.synth().directory;
    } catch (e) {
      const report = path.join(app.outdir, 'validation-report.json');
      throw new Error(`${(e as Error).message}\n${fs.existsSync(report) ? fs.readFileSync(report, 'utf8').slice(0, 4000) : ''}`);
    }
    const template = JSON.parse(fs.readFileSync(path.join(outdir, `${lz.networks.prod.artifactId}.template.json`), 'utf8'));
    const count = Object.keys(template.Resources).length;
    expect(count).toBeGreaterThan(300);
    expect(count).toBeLessThan(450);
  });
});
