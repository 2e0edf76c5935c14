/**
 * `npm run check:safety [-- --cdk-out DIR] [-- --config PATH]`: fails (exit 1) when the templates would
 * replace, destroy or orphan a stateful resource of the last release (`released/`), or lose a
 * control the release implements, unless `safety.allowReplacements` in the config permits it.
 * Without `--cdk-out` it synthesizes the app in-process (no AWS credentials needed). It also prints the
 * fixed monthly cost of the release and of this change, flagging a change that doubles it.
 */
import { loadConfig, DEFAULT_CONFIG_PATH } from '../lib/config/load';
import { costChange, estimateCost, loadPrices } from '../lib/evidence/cost';
import { checkAgainstRelease, readAssembly, readRelease, synthesizeStacks } from '../lib/safety/release';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const config = loadConfig(arg('--config') ?? DEFAULT_CONFIG_PATH);
const cdkOut = arg('--cdk-out');
const stacks = cdkOut ? readAssembly(cdkOut) : synthesizeStacks(config);
const release = readRelease();
const result = checkAgainstRelease(stacks, config.safety.allowReplacements, release);

const prices = loadPrices(config.organization.homeRegion);
if (prices) {
  const change = costChange(estimateCost(release.stacks, prices, config.accounts, loadPrices), estimateCost(stacks, prices, config.accounts, loadPrices));
  process.stdout.write(`${change.doubled ? 'warning: ' : ''}${change.message}\n`);
}
for (const a of result.allowed) process.stdout.write(`allowed: ${a.message}\n  reason: ${a.reason}\n`);
for (const u of result.unusedAllowances) process.stdout.write(`note: safety.allowReplacements entry ${u.stack}/${u.logicalId} matches no change (remove it)\n`);
if (result.failures.length > 0) {
  process.stderr.write(`check:safety: ${result.failures.length} unsafe change(s) against released/:\n`);
  for (const f of result.failures) process.stderr.write(`  ${f.message}\n`);
  process.stderr.write('Keep the construct ID / property, or add a safety.allowReplacements entry {stack, logicalId, reason} to the config.\n');
  process.exit(1);
}
process.stdout.write(`check:safety: ${Object.keys(release.templates).length} released stacks, no stateful resource replaced, destroyed or orphaned; no control lost.\n`);
