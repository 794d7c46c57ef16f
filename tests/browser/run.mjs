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
import { chromium } from 'playwright-core';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
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
  let passed = 0;
  let failed = 0;
  try {
    for (const test of tests) {
      const screenshotPath = path.join(options.screenshots, `${test.name}.png`);
      const started = Date.now();
      const result = await runTest(browser, test, url, screenshotPath);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`${result.passed ? 'PASS' : 'FAIL'} ${test.name} (${seconds} s)${result.detail ? ': ' + result.detail : ''}`);
      console.log(`     screenshot: ${screenshotPath}`);
      if (result.passed) passed++;
      else failed++;
    }
  } finally {
    await browser.close();
    server.close();
  }
  if (options.resultsFile) writeFileSync(options.resultsFile, `passed=${passed} failed=${failed} known=0\n`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 && tests.length > 0 ? 0 : 1;
}

main().catch((error) => {
  console.error(`browser tests: ${error.stack || error}`);
  process.exitCode = 1;
});
