// tests/browser/run.mjs — the browser test runner: Playwright (playwright-core) driving Debian's
// Chromium against the built page served on 127.0.0.1.
//
//   node tests/browser/run.mjs --site build/wasm-release/site [--screenshots DIR]
//                              [--results-file PATH] [--filter TEXT]
//
// Runs every test exported by tests/browser/*.test.mjs (`export const tests = [{ name, run,
// context? }]`, `context` being extra Playwright context options), each in a fresh page. A test fails when it throws, or when the page logs a console error or
// raises an uncaught error. After each test a screenshot is saved as <screenshots>/<name>.png.
// Prints "N passed, M failed" and exits non-zero on any failure.
//
// Known failures live in tests/browser/known-failures.txt (`<test name> # reason`): a listed test
// still runs; its failure is reported as a known failure, not counted as failed, and a listed test
// that passes fails the run loudly so the list only shrinks.
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.TRICOLOR_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];

function parseArgs(argv) {
  const options = { site: null, screenshots: null, resultsFile: null, filter: '' };
  for (let i = 0; i < argv.length; i++) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (key === '--site') options.site = value;
    else if (key === '--screenshots') options.screenshots = value;
    else if (key === '--results-file') options.resultsFile = value;
    else if (key === '--filter') options.filter = value;
    else throw new Error(`unknown option ${key}`);
    i++;
  }
  if (!options.site) throw new Error('--site <built page directory> is required');
  options.screenshots ||= path.join(options.site, '..', 'screenshots');
  return options;
}

async function loadTests(filter) {
  const files = readdirSync(HERE).filter((f) => f.endsWith('.test.mjs')).sort();
  const all = [];
  for (const file of files) {
    const module = await import(pathToFileURL(path.join(HERE, file)));
    for (const test of module.tests) all.push({ ...test, file });
  }
  return all.filter((t) => t.name.includes(filter));
}

// Test name -> reason, from known-failures.txt.
function loadKnownFailures() {
  const file = path.join(HERE, 'known-failures.txt');
  const known = new Map();
  if (!existsSync(file)) return known;
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const hash = line.indexOf('#');
    const name = (hash < 0 ? line : line.slice(0, hash)).trim();
    const reason = hash < 0 ? '' : line.slice(hash + 1).trim();
    if (!reason) throw new Error(`known-failures.txt: "${name}" needs a reason after '#'`);
    known.set(name, reason);
  }
  return known;
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// Runs one test in a fresh context; returns { passed, detail }.
async function runTest(browser, test, url, screenshotPath) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 720 },
    deviceScaleFactor: 1,
    ...(test.context || {}),
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const where = message.location() && message.location().url ? ` (${message.location().url})` : '';
      problems.push(`console error: ${message.text()}${where}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  const screenshot = () => page.screenshot({ path: screenshotPath });
  let detail = '';
  try {
    detail = (await test.run({ page, url, assert, screenshot })) || '';
  } catch (error) {
    problems.push(error.message);
  }
  try {
    await page.screenshot({ path: screenshotPath });
  } catch (error) {
    problems.push(`cannot save the screenshot: ${error.message}`);
  }
  await context.close();
  return { passed: problems.length === 0, detail: problems.length ? problems.join('\n    ') : detail };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  mkdirSync(options.screenshots, { recursive: true });
  const tests = await loadTests(options.filter);
  const { server, url } = await startServer({ root: options.site, port: 0 });
  console.log(`browser tests: ${tests.length} test(s) against ${url} with ${CHROMIUM}`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  const knownFailures = loadKnownFailures();
  let passed = 0;
  let failed = 0;
  let known = 0;
  try {
    for (const test of tests) {
      const screenshotPath = path.join(options.screenshots, `${test.name}.png`);
      const started = Date.now();
      const result = await runTest(browser, test, url, screenshotPath);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const reason = knownFailures.get(test.name);
      let verdict;
      if (reason !== undefined && result.passed) {
        verdict = 'UNEXPECTED PASS (remove it from tests/browser/known-failures.txt)';
        failed++;
      } else if (reason !== undefined) {
        verdict = `KNOWN FAILURE (${reason})`;
        known++;
      } else if (result.passed) {
        verdict = 'PASS';
        passed++;
      } else {
        verdict = 'FAIL';
        failed++;
      }
      console.log(`${verdict} ${test.name} (${seconds} s)${result.detail ? ': ' + result.detail : ''}`);
      console.log(`     screenshot: ${screenshotPath}`);
    }
  } finally {
    await browser.close();
    server.close();
  }
  if (options.resultsFile) writeFileSync(options.resultsFile, `passed=${passed} failed=${failed} known=${known}\n`);
  if (known) console.log(`${known} known failure(s), listed in tests/browser/known-failures.txt`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 && tests.length > 0 ? 0 : 1;
}

main().catch((error) => {
  console.error(`browser tests: ${error.stack || error}`);
  process.exitCode = 1;
});
