/** Regenerates constructs/core/nag-checks.ts (which rule IDs of the four cdk-nag packs are one check) from cdk-nag. */
import * as fs from 'fs';
import * as path from 'path';
import { NAG_CHECKS_MODULE, renderNagChecksModule } from '../lib/checks/nag-equivalents';

fs.writeFileSync(path.join(__dirname, '..', NAG_CHECKS_MODULE), renderNagChecksModule());
process.stdout.write(`updated ${NAG_CHECKS_MODULE}\n`);
