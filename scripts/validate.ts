/**
 * `npm run validate -- [PATH] [--json]`: checks a config file without synthesizing (the same messages as the
 * synth, from the same loader), exiting 0 when it is valid and 1 otherwise. `--json` prints one array of
 * `{ file, line, column, path, message }` for editors and CI annotations. Loads no CDK construct library, so it
 * answers in well under a second.
 */
import { DEFAULT_CONFIG_PATH, problemLine, validateConfigFile } from '../lib/config/load';

/** Runs the command; returns the exit code and what to print. */
export function validate(args: readonly string[]): { code: number; stdout: string } {
  const json = args.includes('--json');
  const paths = args.filter((a) => a !== '--json');
  const file = paths[0] ?? DEFAULT_CONFIG_PATH;
  const result = validateConfigFile(file);
  if (json) return { code: result.ok ? 0 : 1, stdout: `${JSON.stringify(result.ok ? [] : result.problems, null, 2)}\n` };
  if (result.ok) return { code: 0, stdout: `${file}: valid\n` };
  const n = result.problems.length;
  return { code: 1, stdout: `${file}: ${n} problem${n === 1 ? '' : 's'}\n${result.problems.map((p) => `  ${problemLine(p)}`).join('\n')}\n` };
}

if (require.main === module) {
  const { code, stdout } = validate(process.argv.slice(2));
  process.stdout.write(stdout);
  process.exitCode = code;
}
