// Unit tests turn CDK's built-in WASM template validation off (about 3 s per process); `npm run synth` keeps it on.
process.env.CDK_VALIDATION = 'false';
// Tests assert templates, not bundles: CDK skips NodejsFunction bundling (about 0.45 s per handler, each a
// `npx esbuild` process) for stacks not in this list. Context from CDK_CONTEXT_JSON overrides an App's own;
// the one test that checks a real bundle passes `postCliContext` to turn it back on.
// They also record no construct-creation stack traces: under jest each trace is source-mapped through
// @jest/source-map (about a tenth of a test file's CPU time), and no test reads them.
process.env.CDK_CONTEXT_JSON = JSON.stringify({
  'aws:cdk:bundling-stacks': [],
  'aws:cdk:disable-stack-trace': true,
  'aws:cdk:disable-creation-stack-traces': true,
});
