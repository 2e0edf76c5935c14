// Template.fromStack and test apps leave cdk.out* folders in the OS temp folder; remove them after the run.
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async () => {
  const tmp = os.tmpdir();
  for (const entry of fs.readdirSync(tmp)) {
    if (entry.startsWith('cdk.out') || entry.startsWith('cdk-test-') || entry.startsWith('slz-test-')) {
      fs.rmSync(path.join(tmp, entry), { recursive: true, force: true });
    }
  }
};
