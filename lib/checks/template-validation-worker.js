// One worker of lib/checks/template-validation.ts: builds CDK's CloudFormation Validate engine (the
// `@aws/cloudformation-validate` copy aws-cdk-lib itself loads) as soon as it starts, then validates the
// templates the main thread sends, one message per template. Plain JavaScript so the worker starts without
// ts-node. Each result goes back on the worker's own port, followed by a bump of the shared counter the main
// thread waits on (it waits synchronously, inside CDK's synchronous validation call).
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { workerData } = require('worker_threads');

const { port, signal, claims, cdkLibDir } = workerData;
const counter = new Int32Array(signal);
// Every job is posted to every worker; the first to claim its slot validates it, so a worker that finishes
// early takes the next template without waiting for the main thread (which is busy synthesizing).
const claimed = new Int32Array(claims);

function reply(message) {
  port.postMessage(message);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
}

let engine;
let validate;
try {
  validate = require(require.resolve('@aws/cloudformation-validate', { paths: [cdkLibDir] }));
  // CDK's own rule files (core/lib/validation/rules): CDK passes those whose resource types the templates
  // use; a rule only ever reports on its own types, so passing all of them gives the same findings.
  const rulesDir = path.join(cdkLibDir, 'core', 'lib', 'validation', 'rules');
  const index = JSON.parse(fs.readFileSync(path.join(rulesDir, 'index.generated.json'), 'utf8'));
  const regoRules = index.rules
    .map((r) => r.file)
    .sort((a, b) => a.localeCompare(b))
    .map((file) => ({ name: file, content: fs.readFileSync(path.join(rulesDir, file), 'utf8') }));
  engine = new validate.CompositeEngine(regoRules.length > 0 ? { regoRules } : {});
  reply({ ready: true });
} catch (e) {
  reply({ ready: false, error: String((e && e.stack) || e) });
}

port.on('message', (job) => {
  if (job.stop) {
    engine?.free();
    port.close();
    return;
  }
  // A worker without an engine leaves its jobs to the others.
  if (!engine || Atomics.compareExchange(claimed, job.index, 0, 1) !== 0) return;
  try {
    const content = fs.readFileSync(job.templatePath, 'utf8');
    const report = engine.validateTemplate(new validate.TemplateContent(content, job.templatePath), job.options);
    // The main thread compares the hash with the template CDK hands it, so a file rewritten after this read
    // is validated again.
    reply({ key: job.key, sha256: crypto.createHash('sha256').update(content).digest('hex'), report });
  } catch (e) {
    reply({ key: job.key, error: String((e && e.stack) || e) });
  }
});
