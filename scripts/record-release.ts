/**
 * `npm run record-release`: at release, records the default config's templates, their environments and the
 * compliance report in released/ (what `npm run check:safety` compares against), and regenerates the
 * evidence pages docs/compliance.md, docs/cost.md and docs/organization-map.md from them.
 *
 * `npm run record-release -- --evidence-only`: keeps the released templates and re-evaluates them with the
 * current detectors (released/compliance.json and the pages), for a change that makes a detector stricter:
 * the release is then judged by the same rules as the change.
 */
import * as fs from 'fs';
import { buildLandingZone, createApp } from '../lib/app';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../lib/config/load';
import { ARCHITECTURE_DOC_PATH, renderArchitectureDoc, stackSummaries } from '../lib/evidence/architecture';
import { renderComplianceJson, complianceReport } from '../lib/evidence/compliance';
import { COMPLIANCE_DOC_PATH, COST_DOC_PATH, renderComplianceDoc, renderCostDoc } from '../lib/evidence/docs';
import { readRelease, RELEASE_DIR, synthesizeStacks, writeRelease } from '../lib/safety/release';
import { writeReadme } from './write-readme';

const config = loadConfig(DEFAULT_CONFIG_PATH);
const evidenceOnly = process.argv.includes('--evidence-only');
const stacks = evidenceOnly ? readRelease().stacks : synthesizeStacks(config);
const files = evidenceOnly ? [`${RELEASE_DIR}/compliance.json`] : writeRelease(stacks);
if (evidenceOnly) fs.writeFileSync(files[0], renderComplianceJson(complianceReport(stacks)));
fs.mkdirSync('docs', { recursive: true });
fs.writeFileSync(COMPLIANCE_DOC_PATH, renderComplianceDoc(stacks));
fs.writeFileSync(COST_DOC_PATH, renderCostDoc(stacks, config));
files.push(COMPLIANCE_DOC_PATH, COST_DOC_PATH);
if (!evidenceOnly) {
  const app = createApp();
  buildLandingZone(app, config, { checks: false });
  fs.writeFileSync(ARCHITECTURE_DOC_PATH, renderArchitectureDoc(config, stackSummaries(app)));
  files.push(ARCHITECTURE_DOC_PATH);
}
process.stdout.write(`wrote ${files.length} files:\n${files.map((f) => `  ${f}\n`).join('')}`);
writeReadme();
