// Imports and require()s every entry of the package as a consumer would, normally and under the
// `react-server` condition (React Server Components), and fails if one throws or is not what it should be.
//   node scripts/check-entries.mjs [package.tgz | package-dir]   (default: this directory, after `npm run build`)
// The package is installed into a temporary consumer (a tarball is unpacked, a directory linked), beside
// this repository's react, idb-keyval and redis (the redis entry's peer dependency), and this script is run
// there once per condition.
//
// Under `react-server`, an entry whose file starts with "use client" is a client reference: RSC bundlers
// (Next.js, Vite's RSC plugin, Parcel) hand it to the client and never run it on the server, and plain Node
// could not (React's server build has no createContext or useState). Every other entry is run.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const NAME = 'react-lifter';
// The entries that hold React components and hooks; every other one must run in a server component.
const CLIENT_ENTRIES = new Set([NAME, `${NAME}/inspector`]);
const USE_CLIENT = /^\s*(['"])use client\1/;

if (process.argv[2] === '--probe') probe();
else check(resolve(process.argv[2] ?? '.'));

/** In the consumer: resolves, imports and requires each entry under this process's conditions; prints JSON. */
async function probe() {
  const require = createRequire(import.meta.url);
  const { exports } = require(`${NAME}/package.json`);
  const root = dirname(require.resolve(`${NAME}/package.json`));
  const report = {};
  for (const subpath of Object.keys(exports).filter((key) => key !== './package.json')) {
    const entry = join(NAME, subpath);
    const file = fileURLToPath(import.meta.resolve(entry));
    const result = { file: relative(root, file) };
    result.clientReference = USE_CLIENT.test(readFileSync(file, 'utf8'));
    if (!(result.clientReference && process.execArgv.includes('--conditions=react-server'))) {
      result.imported = await import(entry).then(exportNames, String);
      result.required = attempt(() => exportNames(require(entry)));
    }
    report[entry] = result;
  }
  console.log(JSON.stringify(report));
}

function exportNames(module) {
  return Object.keys(module).filter((name) => name !== '__esModule' && name !== 'module.exports');
}

function attempt(run) {
  try {
    return run();
  } catch (error) {
    return String(error);
  }
}

/** Installs the package into a temporary consumer, probes it twice, and checks what each probe saw. */
function check(source) {
  const consumer = mkdtempSync(join(tmpdir(), `${NAME}-entries-`));
  try {
    const modules = join(consumer, 'node_modules');
    mkdirSync(join(modules, NAME), { recursive: true });
    if (statSync(source).isDirectory()) {
      rmSync(join(modules, NAME), { recursive: true });
      symlinkSync(source, join(modules, NAME), 'dir');
    } else {
      execFileSync('tar', ['-xzf', source, '-C', join(modules, NAME), '--strip-components=1']);
    }
    const own = createRequire(import.meta.url);
    for (const dependency of ['react', 'idb-keyval', 'redis']) {
      symlinkSync(dirname(own.resolve(`${dependency}/package.json`)), join(modules, dependency), 'dir');
    }
    copyFileSync(fileURLToPath(import.meta.url), join(consumer, 'probe.mjs'));
    const run = (conditions) =>
      JSON.parse(
        execFileSync(process.execPath, [...conditions, 'probe.mjs', '--probe'], {
          cwd: consumer,
          encoding: 'utf8',
        }),
      );
    const problems = [...checkDefault(run([])), ...checkServer(run(['--conditions=react-server']), run([]))];
    if (problems.length > 0) {
      console.error(`Entry check failed:\n  ${problems.join('\n  ')}`);
      process.exit(1);
    }
  } finally {
    rmSync(consumer, { recursive: true, force: true });
  }
}

function checkDefault(report) {
  const problems = [];
  for (const [entry, { file, clientReference, imported, required }] of Object.entries(report)) {
    const before = problems.length;
    if (!Array.isArray(imported)) problems.push(`import('${entry}') threw: ${imported}`);
    if (!Array.isArray(required)) problems.push(`require('${entry}') threw: ${required}`);
    else if (String(required) !== String(imported)) problems.push(`require('${entry}') gave other exports than import`);
    if (clientReference !== CLIENT_ENTRIES.has(entry)) {
      problems.push(`${file} (${entry}) ${clientReference ? 'starts' : 'does not start'} with "use client"`);
    }
    if (problems.length === before) console.log(`ok      ${entry} → ${file}: ${imported.length} exports`);
  }
  return problems;
}

function checkServer(report, normal) {
  const problems = [];
  for (const [entry, { file, clientReference, imported, required }] of Object.entries(report)) {
    if (clientReference) {
      if (!CLIENT_ENTRIES.has(entry) || entry === NAME) problems.push(`${entry} is a client module under react-server`);
      else console.log(`ok      ${entry} under react-server → ${file}: a client reference ("use client")`);
      continue;
    }
    if (!Array.isArray(imported)) problems.push(`import('${entry}') under react-server threw: ${imported}`);
    if (!Array.isArray(required)) problems.push(`require('${entry}') under react-server threw: ${required}`);
    if (!Array.isArray(imported) || !Array.isArray(required)) continue;
    console.log(`ok      ${entry} under react-server → ${file}: ${imported.length} exports`);
  }
  // A server component gets the whole core from the root entry, and nothing of React.
  const core = normal[`${NAME}/core`].imported;
  if (Array.isArray(report[NAME].imported) && String(report[NAME].imported) !== String(core)) {
    problems.push(`${NAME} under react-server exports [${report[NAME].imported}], not the core's [${core}]`);
  }
  return problems;
}
