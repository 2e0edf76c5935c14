/**
 * The deploy waves of a cloud assembly: wave 1 holds the stacks that depend on no other stack, each later
 * wave the stacks whose dependencies are all in earlier waves. `deploy.yml` deploys one wave at a time, so a
 * failure stops every later wave, and the stacks of one wave deploy side by side.
 */
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { throwIfProblems } from '../../constructs/core/validation-error';

/** A stack and the names of the stacks it depends on. */
export interface StackNode {
  readonly name: string;
  readonly dependsOn: readonly string[];
}

/** Layers `stacks` into waves (names sorted within a wave); a dependency cycle or unknown stack is an error. */
export function deployWaves(stacks: readonly StackNode[]): string[][] {
  const known = new Set(stacks.map((s) => s.name));
  throwIfProblems(
    'deploy waves:',
    stacks.flatMap((s) => s.dependsOn.filter((d) => !known.has(d)).map((d) => `${s.name} depends on ${d}, which is not in the assembly`)),
  );
  const waves: string[][] = [];
  const placed = new Set<string>();
  let remaining = [...stacks];
  while (remaining.length > 0) {
    const wave = remaining.filter((s) => s.dependsOn.every((d) => placed.has(d))).map((s) => s.name);
    throwIfProblems('deploy waves:', wave.length === 0 ? [`dependency cycle among ${remaining.map((s) => s.name).join(', ')}`] : []);
    wave.sort();
    waves.push(wave);
    for (const name of wave) placed.add(name);
    remaining = remaining.filter((s) => !placed.has(s.name));
  }
  return waves;
}

/** The stacks of a synthesized assembly (`cdk.out`) with their stack dependencies (asset manifests left out). */
export function assemblyStackNodes(dir: string): StackNode[] {
  const stacks = new CloudAssembly(dir).stacks;
  const byArtifactId = new Map(stacks.map((s) => [s.id, s.stackName]));
  return stacks.map((s) => ({
    name: s.stackName,
    // Dependencies also name asset manifests; only stacks order the waves.
    dependsOn: s.dependencies.flatMap((d) => (byArtifactId.has(d.id) ? [byArtifactId.get(d.id)!] : [])),
  }));
}
