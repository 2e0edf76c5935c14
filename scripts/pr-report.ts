/**
 * `ts-node --swc scripts/pr-report.ts DIFF_FILE SAFETY_FILE SAFETY_EXIT_CODE [CDK_OUT]`: prints the pull-request
 * comment (lib/delivery/pr-report.ts) for the pull-request workflow to post.
 */
import * as fs from 'fs';
import { complianceReport } from '../lib/evidence/compliance';
import { complianceChanges, renderPrReport } from '../lib/delivery/pr-report';
import { readAssembly, readRelease } from '../lib/safety/release';

const [diffFile, safetyFile, safetyCode, cdkOut = 'cdk.out'] = process.argv.slice(2);
const after = complianceReport(readAssembly(cdkOut));
process.stdout.write(
  renderPrReport({
    diff: fs.readFileSync(diffFile, 'utf8'),
    safety: fs.readFileSync(safetyFile, 'utf8'),
    safetyPassed: safetyCode === '0',
    controlChanges: complianceChanges(readRelease().compliance, after),
  }),
);
