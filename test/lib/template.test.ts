/**
 * `lib/template.ts` exists so the synth rules, the control predicates and the evidence reports share the
 * shapes of a template without importing each other. This walks the relative imports of `lib/` and proves
 * it: no cycle anywhere, and the only edge between `lib/checks` and `lib/evidence` is the wiring that
 * hands the evidence reports to the synth plugin (`lib/checks/synth-checks.ts`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { refTarget } from '../../lib/template';

const ROOT = path.resolve(__dirname, '../..');
const LIB = path.join(ROOT, 'lib');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Relative imports of a file (type-only imports included: they are dependencies of the design too). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/g)].map((m) => m[1]);
  return specs
    .map((s) => path.resolve(path.dirname(file), s))
    .flatMap((p) => [`${p}.ts`, path.join(p, 'index.ts')].filter((c) => fs.existsSync(c)).slice(0, 1));
}

const rel = (f: string) => path.relative(ROOT, f);
const graph = new Map(sourceFiles(LIB).map((f) => [f, importsOf(f)]));

/** Every cycle found by a depth-first walk, each as the list of files around it. */
function cycles(): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    if (state.get(f) === 'done') return;
    if (state.get(f) === 'visiting') {
      found.push([...stack.slice(stack.indexOf(f)), f].map(rel));
      return;
    }
    state.set(f, 'visiting');
    stack.push(f);
    for (const d of graph.get(f) ?? []) if (graph.has(d)) visit(d);
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of graph.keys()) visit(f);
  return found;
}

const folderEdges = (from: string, to: string) =>
  [...graph].flatMap(([f, deps]) =>
    rel(f).startsWith(`${from}/`) ? deps.filter((d) => rel(d).startsWith(`${to}/`)).map((d) => `${rel(f)} -> ${rel(d)}`) : [],
  );

test('lib/ has no import cycle', () => {
  expect(graph.size).toBeGreaterThan(50);
  expect(cycles()).toEqual([]);
});

test('lib/evidence, lib/controls and lib/template.ts never import lib/checks', () => {
  expect(folderEdges('lib/evidence', 'lib/checks')).toEqual([]);
  expect(folderEdges('lib/controls', 'lib/checks')).toEqual([]);
  expect(folderEdges('lib/controls', 'lib/evidence')).toEqual([]);
  expect(importsOf(path.join(LIB, 'template.ts'))).toEqual([]);
});

test('lib/checks imports lib/evidence only where the synth plugin is given the evidence reports', () => {
  expect(new Set(folderEdges('lib/checks', 'lib/evidence').map((e) => e.split(' -> ')[0]))).toEqual(new Set(['lib/checks/synth-checks.ts']));
});

test('the walk sees a cycle when there is one (the test tests the code, not the harness)', () => {
  const a = path.join(LIB, 'a.ts');
  const b = path.join(LIB, 'b.ts');
  graph.set(a, [b]);
  graph.set(b, [a]);
  try {
    expect(cycles()).toEqual([['lib/a.ts', 'lib/b.ts', 'lib/a.ts']]);
  } finally {
    graph.delete(a);
    graph.delete(b);
  }
});

test('refTarget reads the logical ID a Ref or GetAtt points at', () => {
  expect(refTarget({ Ref: 'Vpc' })).toBe('Vpc');
  expect(refTarget({ 'Fn::GetAtt': ['Vpc', 'VpcId'] })).toBe('Vpc');
  expect(refTarget({ 'Fn::GetAtt': 'Vpc.VpcId' })).toBe('Vpc');
  expect(refTarget('vpc-123')).toBeUndefined();
});
