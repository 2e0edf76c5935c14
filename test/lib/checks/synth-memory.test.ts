/** The garbage collection after the last template (lib/checks/synth-memory.ts): once, and only for large apps. */
import { App, Stack } from 'aws-cdk-lib';
import { CfnTopic } from 'aws-cdk-lib/aws-sns';
import * as fs from 'fs';
import * as path from 'path';
import { collectGarbageAfterSynthesis, fullGc } from '../../../lib/checks/synth-memory';
import { tempOutdir } from '../../helpers';

function appWith(stacks: number): App {
  const app = new App({ outdir: tempOutdir() });
  for (let i = 0; i < stacks; i++) new CfnTopic(new Stack(app, `S${i}`), 'Topic');
  return app;
}

test('a full collection runs once, after the last stack has written its template', () => {
  const app = appWith(3);
  const written: number[] = [];
  collectGarbageAfterSynthesis(app, 3, () => written.push(fs.readdirSync(app.outdir).filter((f) => f.endsWith('.template.json')).length));
  app.synth();
  expect(written).toEqual([3]);
});

test('an app with fewer stacks than the threshold is not paused', () => {
  const app = appWith(2);
  const calls: number[] = [];
  collectGarbageAfterSynthesis(app, 3, () => calls.push(1));
  app.synth();
  expect(calls).toEqual([]);
  expect(fs.existsSync(path.join(app.outdir, 'S1.template.json'))).toBe(true);
});

test('the collection itself runs without --expose-gc on the command line', () => {
  expect(() => fullGc()).not.toThrow();
});
