/** Copies the generated picture, compliance totals, cost table and tier adjacency into the README's marked blocks. */
import * as fs from 'fs';
import { ARCHITECTURE_DOC_PATH } from '../lib/evidence/architecture';
import { COMPLIANCE_DOC_PATH, COST_DOC_PATH } from '../lib/evidence/docs';
import { embedSections, README_PATH, readmeSections } from '../lib/evidence/readme';
import { NETWORK_DOC_PATH } from '../lib/evidence/tier-doc';

export function writeReadme(): void {
  const read = (p: string) => fs.readFileSync(p, 'utf8');
  const sections = readmeSections({
    architecture: read(ARCHITECTURE_DOC_PATH),
    compliance: read(COMPLIANCE_DOC_PATH),
    cost: read(COST_DOC_PATH),
    network: read(NETWORK_DOC_PATH),
  });
  fs.writeFileSync(README_PATH, embedSections(read(README_PATH), sections));
  process.stdout.write(`updated ${README_PATH}\n`);
}

if (require.main === module) writeReadme();
