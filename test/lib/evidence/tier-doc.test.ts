import * as fs from 'fs';
import * as path from 'path';
import { ADJACENCY, TIER_TABLE, type TierTables } from '../../../constructs/network/tier-table';
import { embedSections } from '../../../lib/evidence/readme';
import { NETWORK_DOC_PATH, renderTierAdjacencyMermaid, renderTierSection, renderTierTable } from '../../../lib/evidence/tier-doc';
import { ROOT } from '../../helpers';

test('docs/network.md shows the current tier table and adjacency picture (run `npm run diagram`)', () => {
  const page = fs.readFileSync(path.join(ROOT, NETWORK_DOC_PATH), 'utf8');
  expect(embedSections(page, { tiers: renderTierSection() }, NETWORK_DOC_PATH)).toBe(page);
});

test('a page without the tiers block is an error naming the page', () => {
  expect(() => embedSections('# Networks\n', { tiers: renderTierSection() }, NETWORK_DOC_PATH)).toThrow(/docs\/network\.md has no <!-- generated:tiers -->/);
});

test('each tier says who reaches it on which ports; the admin tier admits nothing', () => {
  const table = renderTierTable();
  expect(table).toContain('| `data` | databases | /24 (`tiers.data`) | no route to an internet or NAT gateway (`PRIVATE_ISOLATED`) | app on data ports (5433, 3307) (denied from the rest of the VPC); admin on admin ports (22, 3389) |');
  expect(table).toContain('| `admin` | SSM-only bastion | /27 (`tiers.admin`) | ');
  expect(table).toMatch(/\| `admin` .* \| nothing \(return traffic only\) \|/);
  expect(table).toContain('office networks on app ports (443, 8080) (NACL only)');
});

test('a new tier row appears in the table and the picture', () => {
  const tables: TierTables = {
    tiers: [...TIER_TABLE, { name: 'cache', kind: 'workload', sizeKey: 'cache', routing: 'isolated', purpose: 'caches' }],
    adjacency: [...ADJACENCY, { from: { tier: 'app' }, to: 'cache', ports: 'data', why: 'app tier to cache tier' }],
  };
  expect(renderTierTable(tables)).toMatch(/\| `cache` \| caches \| optional \(`tiers.cache`\) \| no route .* \| admin on admin ports \(22, 3389\); app on data ports \(5433, 3307\) \|/);
  expect(renderTierAdjacencyMermaid(tables)).toContain('  app -->|"data: 5433, 3307"| cache');
});
