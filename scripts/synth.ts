/**
 * `npm run synth [-- cdk args]`: `cdk synth --quiet`, without CDK's "Supply a stack id" hint (this app always
 * has many stacks, so the hint is noise), followed by the synth summary (lib/evidence/synth-summary.ts).
 * It also runs the AWS Control Tower proactive controls (lib/checks/proactive-controls.ts), which plain
 * `cdk synth` and the tests skip for their cost; `-c proactiveControls=false` skips them here too.
 */
import { spawnSync } from 'child_process';
import { PROACTIVE_CONTROLS_CONTEXT } from '../lib/checks/proactive-controls';
import { synthSummary } from '../lib/evidence/synth-summary';

const args = process.argv.slice(2);
const controls = args.some((a) => a.startsWith(`${PROACTIVE_CONTROLS_CONTEXT}=`)) ? [] : ['-c', `${PROACTIVE_CONTROLS_CONTEXT}=true`];
const result = spawnSync('npx', ['--no-install', 'cdk', 'synth', '--quiet', ...controls, ...args], { encoding: 'utf8', stdio: ['inherit', 'pipe', 'pipe'] });
const quiet = (text: string | null) => (text ?? '').split('\n').filter((l) => !/Supply a stack id/.test(l)).join('\n');
process.stdout.write(quiet(result.stdout));
process.stderr.write(quiet(result.stderr));
const o = args.findIndex((a) => a === '-o' || a === '--output');
if (result.status === 0) process.stdout.write(`\n${synthSummary(o >= 0 ? args[o + 1] : 'cdk.out')}`);
process.exitCode = result.status ?? 1;
