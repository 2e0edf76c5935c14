// The test files of group 4 (test/groups/layout.js), in one module registry.
import { runGroup } from './run';

runGroup(4);
