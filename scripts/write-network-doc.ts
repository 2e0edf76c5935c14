/** Writes the tier table and adjacency picture (from the tier table) into docs/network.md's generated block. */
import * as fs from 'fs';
import { embedSections } from '../lib/evidence/readme';
import { NETWORK_DOC_PATH, renderTierSection } from '../lib/evidence/tier-doc';

export function writeNetworkDoc(): void {
  const page = fs.readFileSync(NETWORK_DOC_PATH, 'utf8');
  fs.writeFileSync(NETWORK_DOC_PATH, embedSections(page, { tiers: renderTierSection() }, NETWORK_DOC_PATH));
  process.stdout.write(`updated ${NETWORK_DOC_PATH}\n`);
}

if (require.main === module) writeNetworkDoc();
