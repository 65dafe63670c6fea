// Builds the console (vite) when console/dist is missing or older than any of its sources.
// Run by `npm run build` and by the tests' global setup, so a fresh clone never serves a stale console.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const output = path.join(here, 'dist', 'index.html');

function newest(entry) {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newest(path.join(entry, name))));
}

export function consoleIsStale() {
  if (!existsSync(output)) return true;
  const sources = [path.join(here, 'src'), path.join(here, 'index.html'), path.join(here, 'vite.config.mjs'), path.join(here, '..', 'package-lock.json')];
  return Math.max(...sources.map(newest)) > statSync(output).mtimeMs;
}

export async function buildConsoleIfStale() {
  if (!consoleIsStale()) return false;
  await build({ configFile: path.join(here, 'vite.config.mjs') });
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const built = await buildConsoleIfStale();
  process.stdout.write(built ? 'console built into console/dist\n' : 'console/dist is up to date\n');
}
