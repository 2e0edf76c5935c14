/** `ts-node --swc scripts/deploy-waves.ts cdk.out`: one line per deploy wave, its stack names separated by spaces. */
import { assemblyStackNodes, deployWaves } from '../lib/delivery/waves';

const dir = process.argv[2] ?? 'cdk.out';
for (const wave of deployWaves(assemblyStackNodes(dir))) process.stdout.write(`${wave.join(' ')}\n`);
