/**
 * The evidence for the default config, from one synth (synth checks off, so it stays fast): the safety
 * check passes against the committed baseline, the cost adds up, the committed picture is current.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ARCHITECTURE_DOC_PATH, renderArchitectureDoc, stackSummaries } from '../../../lib/evidence/architecture';
import { estimateCost, loadPrices, renderCostMarkdown, type PriceList } from '../../../lib/evidence/cost';
import { checkAgainstRelease, readAssembly, readRelease } from '../../../lib/safety/release';
import { buildApp, defaultAssemblyDir, defaultConfig, ROOT } from '../../helpers';

const config = defaultConfig();
// The stacks from the run's shared assembly; the app itself only for the summary the picture is drawn from.
const stacks = readAssembly(defaultAssemblyDir());
const { app } = buildApp(config, { checks: false });
const round = (n: number) => Math.round(n * 100) / 100;

test('the default config passes the safety check against the committed baseline (npm run check:safety)', () => {
  const release = readRelease();
  expect(Object.keys(release.templates).length).toBeGreaterThan(0);
  const result = checkAgainstRelease(stacks, config.safety.allowReplacements, release);
  expect(result.failures).toEqual([]);
});

test('the cost of the default config equals the sum of its parts', () => {
  const prices = loadPrices(config.organization.homeRegion) as PriceList;
  const e = estimateCost(stacks, prices, config.accounts);
  for (const l of e.lines) expect(l.monthly).toBe(round(l.quantity * l.unitPrice));
  expect(e.total).toBe(round(e.lines.reduce((a, l) => a + l.monthly, 0)));
  expect(e.total).toBe(round(Object.values(e.perAccount).reduce((a, b) => a + b, 0)));
  expect(Object.keys(e.perAccount)).toEqual(config.accounts.map((a) => a.name));
  expect(renderCostMarkdown(e, prices, config.accounts.length)).toContain(`| **total** | **$${e.total.toFixed(2)}** |`);
});

test('docs/organization-map.md is up to date with the default config and the app (run `npm run diagram`)', () => {
  expect(fs.readFileSync(path.join(ROOT, ARCHITECTURE_DOC_PATH), 'utf8')).toBe(renderArchitectureDoc(config, stackSummaries(app)));
});
