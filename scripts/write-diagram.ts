/**
 * `npm run diagram`: regenerates docs/organization-map.md from the default config and the app's stacks, and the
 * tier block of docs/network.md from the tier table, then the README blocks copied from them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildLandingZone, createApp } from '../lib/app';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../lib/config/load';
import { ARCHITECTURE_DOC_PATH, renderArchitectureDoc, stackSummaries } from '../lib/evidence/architecture';
import { writeNetworkDoc } from './write-network-doc';
import { writeReadme } from './write-readme';

const config = loadConfig(DEFAULT_CONFIG_PATH);
const app = createApp();
buildLandingZone(app, config, { checks: false });
fs.mkdirSync(path.dirname(ARCHITECTURE_DOC_PATH), { recursive: true });
fs.writeFileSync(ARCHITECTURE_DOC_PATH, renderArchitectureDoc(config, stackSummaries(app)));
process.stdout.write(`wrote ${ARCHITECTURE_DOC_PATH}\n`);
writeNetworkDoc();
writeReadme();
