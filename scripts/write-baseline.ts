/** `npm run baseline`: at release, records the default config's templates and compliance report in baseline/. */
import { DEFAULT_CONFIG_PATH, loadConfig } from '../lib/config/load';
import { synthesizeStacks, writeBaseline } from '../lib/safety/baseline';

const files = writeBaseline(synthesizeStacks(loadConfig(DEFAULT_CONFIG_PATH)));
process.stdout.write(`wrote ${files.length} files to baseline/:\n${files.map((f) => `  ${f}\n`).join('')}`);
