import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { logArchiveNames } from '../../../lib/names';
import { buildApp, defaultConfig, defaultRawConfig, parseRaw } from '../../helpers';

const typeCounts = (t: Template): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const r of Object.values<any>(t.toJSON().Resources)) counts[r.Type] = (counts[r.Type] ?? 0) + 1;
  return counts;
};

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

  test('staging is the twin of prod: the same resources, differing only in addresses', () => {
    expect(typeCounts(templates.staging)).toEqual(typeCounts(templates.prod));
    // Addresses and accounts differ by design; names and construct-unique logical IDs embed the stack name.
    const normalize = (value: unknown) =>
      JSON.stringify(value)
        .replace(/10\.(10|20)\./g, '10.X.')
        .replace(/333333333333|444444444444/g, 'ACCOUNT')
        .replace(/acmenetwork(prod|staging)\w*/g, 'STACKID')
        .replace(/acme-network-(prod|staging)-(prod|dev)-eu-west-1/g, 'STACK');
    const resources = (t: Template) => Object.entries(t.toJSON().Resources).map(([id, r]) => normalize(id) + normalize(r)).sort();
    const prod = resources(templates.prod);
    const staging = resources(templates.staging);
    expect(staging.length).toBe(prod.length);
    expect(staging.filter((r, i) => r !== prod[i])).toEqual([]);
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
