/**
 * The delivery workflows' structure: what keeps them from becoming the weak link. Parsed as YAML, so a
 * comment or a string that merely mentions a key cannot satisfy a check.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { landingZoneSchema } from '../../lib/config/schema';
import { ROOT } from '../helpers';

const DIR = path.join(ROOT, '.github', 'workflows');
const load = (file: string): any => parse(fs.readFileSync(path.join(DIR, file), 'utf8'));
const files = fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
const workflows = Object.fromEntries(files.map((f) => [f, load(f)]));
const steps = (wf: any) => Object.values(wf.jobs).flatMap((job: any) => job.steps ?? []);
const runs = (job: any) => (job.steps ?? []).map((s: any) => s.run ?? '').join('\n');
// The GITHUB_TOKEN scopes and their allowed levels (id-token is write or none).
// https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token
const NEEDED_WRITE: Record<string, Record<string, string[]>> = {
  'pr-check.yml': { diff: ['id-token', 'pull-requests'] },
  'deploy.yml': { deploy: ['id-token'] },
};

describe('delivery workflows', () => {
  test('both exist', () => {
    expect(files).toEqual(expect.arrayContaining(['pr-check.yml', 'deploy.yml']));
  });

  test.each(files)('%s pins every action to a full commit SHA and names the release in a comment', (file) => {
    const text = fs.readFileSync(path.join(DIR, file), 'utf8');
    for (const step of steps(workflows[file]).filter((s: any) => s.uses)) {
      expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      const line = text.split('\n').find((l) => l.includes(step.uses))!;
      expect(line).toMatch(/# v\d+\.\d+\.\d+$/);
    }
  });

  test.each(files)('%s is never triggered by pull_request_target or workflow_run', (file) => {
    const on = workflows[file].on;
    const triggers = typeof on === 'string' ? [on] : Array.isArray(on) ? on : Object.keys(on);
    expect(triggers).not.toContain('pull_request_target');
    expect(triggers).not.toContain('workflow_run');
  });

  test.each(files)('%s grants only contents: read at the top and writes only in the job that needs them', (file) => {
    const wf = workflows[file];
    expect(wf.permissions).toEqual({ contents: 'read' });
    for (const [name, job] of Object.entries<any>(wf.jobs)) {
      const writes = Object.entries(job.permissions ?? {}).filter(([, level]) => level === 'write').map(([scope]) => scope).sort();
      expect(writes).toEqual((NEEDED_WRITE[file]?.[name] ?? []).sort());
      for (const [scope, level] of Object.entries(job.permissions ?? {})) {
        expect(scope === 'contents' ? ['read'] : ['read', 'write', 'none']).toContain(level);
      }
    }
  });

  test.each(files)('%s has a concurrency group, installs from the lockfile and audits production dependencies', (file) => {
    const wf = workflows[file];
    expect(typeof wf.concurrency.group).toBe('string');
    for (const job of Object.values<any>(wf.jobs)) {
      expect(runs(job)).toMatch(/^npm ci$/m);
      expect(runs(job)).not.toMatch(/npm install/);
    }
    const all = Object.values<any>(wf.jobs).map(runs).join('\n');
    expect(all).toMatch(/^npm audit --omit=dev --audit-level=high$/m);
  });

  test.each(files)('%s checks out without persisting the token', (file) => {
    for (const step of steps(workflows[file]).filter((s: any) => String(s.uses).startsWith('actions/checkout@'))) {
      expect(step.with['persist-credentials']).toBe(false);
    }
  });

  test('pr-check keeps its credential-free job and asks for a token only for branches of this repository', () => {
    const wf = workflows['pr-check.yml'];
    expect(Object.keys(wf.on)).toEqual(['pull_request', 'push']);
    expect(wf.jobs.check.permissions).toBeUndefined();
    expect(steps({ jobs: { check: wf.jobs.check } }).some((s: any) => String(s.uses).startsWith('aws-actions/'))).toBe(false);
    expect(runs(wf.jobs.check)).toMatch(/npm run check:safety -- --cdk-out cdk.out/);
    expect(wf.jobs.diff.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    expect(wf.jobs.diff.if).toContain("vars.SLZ_DIFF_ROLE_ARN != ''");
    expect(runs(wf.jobs.diff)).toMatch(/cdk diff --app cdk.out --all --method=template/);
    expect(wf.jobs.diff.environment).toBeUndefined(); // an environment would change the token's subject
  });

  test('deploy runs on main only, in the environment the deploy role trusts, and never cancels a deploy halfway', () => {
    const wf = workflows['deploy.yml'];
    expect(wf.on).toEqual({ push: { branches: ['main'] } });
    expect(wf.concurrency['cancel-in-progress']).toBe(false);
    const defaultEnvironment = landingZoneSchema.shape.cicd.unwrap().shape.deployEnvironment.parse(undefined);
    expect(wf.jobs.deploy.environment).toBe(defaultEnvironment);
    const script = runs(wf.jobs.deploy);
    expect(script).toMatch(/set -euo pipefail/);
    expect(script).toMatch(/scripts\/deploy-waves\.ts cdk\.out/);
    expect(script).toMatch(/cdk deploy --app cdk.out --exclusively --require-approval never/);
    const upload = wf.jobs.deploy.steps.find((s: any) => String(s.uses).startsWith('actions/upload-artifact@'));
    expect(upload.if).toBe('always()');
    expect(upload.with.path).toContain('outputs/');
  });
});
