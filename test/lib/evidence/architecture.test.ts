import { renderArchitectureMermaid, stackSummaries } from '../../../lib/evidence/architecture';
import { buildApp, defaultConfig, defaultRawConfig, parseRaw } from '../../helpers';

describe('the picture', () => {
  const config = defaultConfig();
  const { app } = buildApp(config, { checks: false });
  const mermaid = renderArchitectureMermaid(config, stackSummaries(app));

  test('nests OUs under their parents and places accounts in their OU', () => {
    expect(mermaid).toContain('ou_Workloads --> ou_Workloads_Prod');
    expect(mermaid).toContain('ou_Workloads_Prod --> acct_prod');
    expect(mermaid).toContain('root --> acct_management');
  });

  test('puts every stack of the app inside its account', () => {
    for (const s of stackSummaries(app)) expect(mermaid).toContain(`["stack ${s.stackName}"]`);
    const management = mermaid.slice(mermaid.indexOf('subgraph acct_management'), mermaid.indexOf('end', mermaid.indexOf('subgraph acct_management')));
    expect(management).toContain('stack acme-organization-management-eu-west-1');
  });

  test('shows each VPC with its CIDR, AZs and tiers', () => {
    expect(mermaid).toContain('VPC prod · 10.10.0.0/16 · eu-west-1 · 3 AZs<br/>public /24 · app /22 · data /24 · protected-data /24 · admin /27 · monitoring /27');
  });
});

test('a config change changes the picture (firewall and transit gateway appear)', () => {
  const raw = defaultRawConfig();
  raw.network.prod.firewall = { allowedDomains: ['.amazonaws.com'] };
  raw.network.prod.transitGateway = { id: 'tgw-0123456789abcdef0', vpnCustomerGatewayIp: '203.0.113.10' };
  const mermaid = renderArchitectureMermaid(parseRaw(raw), []);
  expect(mermaid).toMatch(/VPC prod[^\n]*Network Firewall · TGW tgw-0123456789abcdef0 \+ VPN/);
});
