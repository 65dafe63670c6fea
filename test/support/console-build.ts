import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** Builds the console (console/dist) before the tests when it is missing or stale: the browser tests load it. */
export default function setup() {
  execFileSync(process.execPath, [path.resolve(__dirname, '../../console/build-if-stale.mjs')], { stdio: 'inherit' });
}
