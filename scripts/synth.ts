/**
 * `npm run synth [-- cdk args]`: `cdk synth --quiet`, without CDK's "Supply a stack id" hint (this app always
 * has many stacks, so the hint is noise), followed by the synth summary (lib/evidence/synth-summary.ts).
 * It also runs the AWS Control Tower proactive controls (lib/checks/proactive-controls.ts), which plain
 * `cdk synth` and the tests skip for their cost; `-c proactiveControls=false` skips them here too.
 */
import { spawnSync } from 'child_process';
import { PROACTIVE_CONTROLS_CONTEXT } from '../lib/checks/proactive-controls';
import { reportedFindings, synthSummary } from '../lib/evidence/synth-summary';

const args = process.argv.slice(2);
const controls = args.some((a) => a.startsWith(`${PROACTIVE_CONTROLS_CONTEXT}=`)) ? [] : ['-c', `${PROACTIVE_CONTROLS_CONTEXT}=true`];
const result = spawnSync('npx', ['--no-install', 'cdk', 'synth', '--quiet', ...controls, ...args], { encoding: 'utf8', stdio: ['inherit', 'pipe', 'pipe'] });
const quiet = (text: string | null) => (text ?? '').split('\n').filter((l) => !/Supply a stack id/.test(l)).join('\n');
process.stdout.write(quiet(result.stdout));
process.stderr.write(quiet(result.stderr));
const o = args.findIndex((a) => a === '-o' || a === '--output');
const outdir = o >= 0 ? args[o + 1] : 'cdk.out';
if (result.status === 0) process.stdout.write(`\n${synthSummary(outdir)}`);
// A finding CDK let through (its report marked successful once another finding was acknowledged) fails too.
const leftOver = result.status === 0 ? reportedFindings(outdir) : 0;
if (leftOver > 0) process.stderr.write(`\nnpm run synth: ${leftOver} unacknowledged finding(s) in ${outdir}/validation-report.json\n`);
process.exitCode = leftOver > 0 ? 1 : (result.status ?? 1);
