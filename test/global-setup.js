// One temp folder per jest run: Template.fromStack, test apps and bundling write there (os.tmpdir() follows
// TMPDIR, which the workers inherit), and the teardown removes only this run's folder, so two runs on one
// machine never delete each other's assemblies.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ensureDefaultAssembly } = require('./default-assembly');

module.exports = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slz-jest-'));
  process.env.SLZ_JEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
  // Synthesized (or found in the cache) before any worker starts; the workers inherit the variable.
  process.env.SLZ_DEFAULT_ASSEMBLY = ensureDefaultAssembly();
};
