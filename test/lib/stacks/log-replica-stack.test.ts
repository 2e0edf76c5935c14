import * as fs from 'fs';
import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildApp, defaultRawConfig, parseRaw } from '../../helpers';
import { logReplicaNames, logArchiveNames } from '../../../lib/names';

/** The default config with `logging.replication: { region: eu-central-1 }` (home eu-west-1). */
function replicatedConfig() {
  const raw = defaultRawConfig();
  raw.logging = { ...(raw.logging ?? {}), replication: { region: 'eu-central-1' } };
  return parseRaw(raw);
}

describe('the landing zone with logging.replication on', () => {
  const config = replicatedConfig();
  const { app, lz } = buildApp(config);
  let synthError: unknown;
  let outdir = '';
  try {
    outdir = app.synth().directory;
  } catch (e) {
    synthError = e;
  }
  const replica = () => Template.fromJSON(JSON.parse(fs.readFileSync(path.join(outdir, `${lz.logReplica!.artifactId}.template.json`), 'utf8')));
  const archive = () => Template.fromJSON(JSON.parse(fs.readFileSync(path.join(outdir, `${lz.logArchive.artifactId}.template.json`), 'utf8')));
  const names = logReplicaNames(config, 'eu-central-1');
  const home = logArchiveNames(config);

  test('synthesizes with zero unacknowledged errors in every nag pack', () => {
    if (synthError) {
      const report = path.join(app.outdir, 'validation-report.json');
      const detail = fs.existsSync(report)
        ? JSON.parse(fs.readFileSync(report, 'utf8')).pluginReports.flatMap((r: any) => r.violations.map((v: any) => `${v.ruleName}: ${v.violatingConstructs?.map((c: any) => c.constructPath).join(', ')}`)).join('\n')
        : '';
      throw new Error(`${(synthError as Error).message}\n${detail}`);
    }
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports.flatMap((r: any) => r.violations.filter((v: any) => v.severity === 'error'))).toEqual([]);
  });

  test('the replica stack is in the security-log account in the replica region, before the archive stack', () => {
    expect(lz.logReplica!.region).toBe('eu-central-1');
    expect(lz.logReplica!.account).toBe(lz.logArchive.account);
    expect(lz.logArchive.dependencies).toContain(lz.logReplica);
  });
});
