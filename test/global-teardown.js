// Removes this run's temp folder (see global-setup.js) with every cdk.out and bundle the tests left in it.
const fs = require('fs');

module.exports = async () => {
  const dir = process.env.SLZ_JEST_TMPDIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
