// bench/page_metrics.mjs — the page's metrics as a Markdown section (issue 9, deliverable 4):
//   - the size of the built page's files (raw, gzip -9, brotli), the .wasm and the .js above all;
//   - the time from navigation to the first interactive frame, on 127.0.0.1 in headless Chromium
//     (Playwright + Debian's chromium, launched as tests/browser/run.mjs does), median of N loads,
//     each in a fresh browser context (cold HTTP cache);
//   - the visualizer's frame times and the collector's pauses, read from the pages their own tools
//     write (docs/viz-frames.md by bench/viz_frames.cpp and tests/browser/viz.test.mjs,
//     docs/gc-pauses.md by bench/gc_pause.cpp): summarised and linked, not re-measured here.
//
//   node bench/page_metrics.mjs [--site build/wasm-release/site] [--loads 7] [--out FILE]
//
// bench/run.mjs imports pageMetricsMarkdown() and appends its section to docs/benchmarks.md.
//
// "First interactive frame": the first animation frame at which the page says it is ready
// (window.tricolor.ready: the wasm module is instantiated and the toolbar's buttons are enabled)
// and the wasm frame loop has drawn at least one frame (window.tricolor.frameCount() >= 1). A
// requestAnimationFrame loop installed before any of the page's scripts records performance.now()
// at that frame; performance.now() counts from the navigation's start.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, dirname, resolve, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

const CHROMIUM = process.env.TRICOLOR_CHROMIUM || '/usr/bin/chromium';
// The browser tests' flags (tests/browser/run.mjs): WebGL2 in software with SwiftShader.
const CHROMIUM_FLAGS = [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b), h = Math.floor(s.length / 2);
    return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

// Sizes of the page's files: raw, gzip -9 and brotli (quality 11), and the totals.
function sizesSection(site) {
    const files = readdirSync(site).filter((f) => statSync(join(site, f)).isFile()).sort((a, b) => {
        const rank = (f) => (f.endsWith('.wasm') ? 0 : f.endsWith('.js') ? 1 : 2);
        return rank(a) - rank(b) || a.localeCompare(b);
    });
    const rows = files.map((f) => {
        const data = readFileSync(join(site, f));
        return {
            f, raw: data.length, gzip: gzipSync(data, { level: 9 }).length,
            br: brotliCompressSync(data, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length,
        };
    });
    const sum = (key, filter = () => true) => rows.filter(filter).reduce((a, r) => a + r[key], 0);
    const lines = ['### Download size', '',
        'Every file of the built page; gzip at level 9 and brotli at quality 11 (what a static host ' +
        'would serve; scripts/serve.mjs itself serves them uncompressed).', '',
        '| file | raw | gzip | brotli |', '|---|---:|---:|---:|'];
    for (const r of rows) lines.push(`| ${r.f} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.br)} |`);
    const wasmOrJs = (r) => r.f.endsWith('.wasm') || r.f.endsWith('.js');
    lines.push(`| **.wasm + .js** | **${kb(sum('raw', wasmOrJs))}** | **${kb(sum('gzip', wasmOrJs))}** | **${kb(sum('br', wasmOrJs))}** |`);
    lines.push(`| all files | ${kb(sum('raw'))} | ${kb(sum('gzip'))} | ${kb(sum('br'))} |`, '');
    return lines;
}

// Loads the page `loads` times, each in a fresh context; returns one record of times per load.
async function measureLoads(site, loads, log) {
    const { chromium } = await import('playwright-core');
    const { startServer } = await import(pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '..', 'scripts', 'serve.mjs')));
    const { server, url } = await startServer({ root: resolve(site), port: 0 });
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
    const records = [];
    try {
        for (let i = 0; i < loads; i++) {
            const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 });
            await context.addInitScript(() => {
                const watch = () => {
                    const t = window.tricolor;
                    if (t && t.ready && window.__readyAt === undefined) window.__readyAt = performance.now();
                    if (t && t.frameCount && t.frameCount() >= 1 && window.__firstFrame === undefined) {
                        window.__firstFrame = performance.now();
                    }
                    if (t && t.ready && t.frameCount() >= 1) {
                        window.__firstInteractiveFrame = performance.now();
                        return;
                    }
                    requestAnimationFrame(watch);
                };
                requestAnimationFrame(watch);
            });
            const page = await context.newPage();
            const problems = [];
            page.on('pageerror', (error) => problems.push(error.message));
            page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
            await page.goto(url, { waitUntil: 'commit' });
            await page.waitForFunction(() => window.__firstInteractiveFrame !== undefined, null, { timeout: 120000 });
            const record = await page.evaluate(() => {
                const nav = performance.getEntriesByType('navigation')[0];
                const wasm = performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'));
                return {
                    domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
                    wasmFetched: wasm ? wasm.responseEnd : NaN,
                    ready: window.__readyAt, anyFrame: window.__firstFrame, firstFrame: window.__firstInteractiveFrame,
                };
            });
            await context.close();
            if (problems.length) throw new Error(`the page reported errors: ${problems.join('; ')}`);
            log?.(`page load ${i + 1}/${loads}: first interactive frame at ${record.firstFrame.toFixed(0)} ms`);
            records.push(record);
        }
    } finally {
        await browser.close();
        server.close();
    }
    return records;
}

function loadSection(records, site, root) {
    const stat = (key) => {
        const xs = records.map((r) => r[key]).filter((x) => Number.isFinite(x) && x > 0);
        if (!xs.length) return 'n/a';
        return `${median(xs).toFixed(0)} ms (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
    };
    return ['### Time to the first interactive frame', '',
        `${records.length} loads of \`${relative(root, resolve(site)) || site}\` from \`scripts/serve.mjs\` on 127.0.0.1 in ` +
        `headless Chromium (${CHROMIUM}, SwiftShader WebGL2, 1280×720), each in a fresh browser context ` +
        '(cold HTTP cache); times from the start of the navigation, median (min–max). "First interactive frame": ' +
        'the first animation frame with `tricolor.ready` (the wasm module instantiated, the toolbar enabled) and ' +
        'at least one frame drawn by the wasm loop.', '',
        '| milestone | time |', '|---|---:|',
        `| DOMContentLoaded | ${stat('domContentLoaded')} |`,
        `| .wasm downloaded | ${stat('wasmFetched')} |`,
        `| load event | ${stat('load')} |`,
        `| \`tricolor.ready\` | ${stat('ready')} |`,
        `| first frame drawn by the wasm loop | ${stat('anyFrame')} |`,
        `| **first interactive frame** | **${stat('firstFrame')}** |`, ''];
}

// The first `maxTables` Markdown tables of another generated page, each under its nearest heading
// (as bold text, below our own headings).
function tablesOf(file, maxTables) {
    const out = [];
    let heading = null, inTable = false, tables = 0;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (/^##+ /.test(line)) heading = line.replace(/^#+ /, ''); // not the page's title
        if (line.startsWith('|')) {
            if (!inTable && ++tables > maxTables) break;
            if (!inTable && heading) out.push(`**${heading}**`, '');
            out.push(line);
            inTable = true;
        } else if (inTable) {
            out.push('');
            inTable = false;
            heading = null;
        }
    }
    return out;
}

function copiedSection(title, root, page, tool, maxTables, fallback) {
    const file = join(root, 'docs', page);
    const lines = [`### ${title}`, ''];
    if (!existsSync(file)) return [...lines, `Not measured yet: ${fallback}`, ''];
    return [...lines, `Copied from [${page}](${page}), written by ${tool}: that page says when, on which ` +
        'machine and how it was measured, and how to regenerate it.', '', ...tablesOf(file, maxTables), '']
        .filter((line, i, all) => line || all[i - 1]); // no double blank lines
}

// The whole section. Throws when the page is not built or Chromium fails.
export async function pageMetricsMarkdown({ root, site, loads = 7, log }) {
    if (!existsSync(join(site, 'index.html'))) {
        throw new Error(`no built page in ${site}: cmake --preset wasm-release && cmake --build --preset wasm-release`);
    }
    const lines = ['## Page metrics', ''];
    lines.push(...sizesSection(site));
    lines.push(...loadSection(await measureLoads(site, loads, log), site, root));
    lines.push(...copiedSection('Visualizer frame times', root, 'viz-frames.md',
        '`bench/viz_frames.cpp` (native) and `tests/browser/viz.test.mjs` (headless Chromium)', 2,
        'build the `viz_frames` target and run it as docs/viz-frames.md says.'));
    lines.push(...copiedSection('Collector pauses', root, 'gc-pauses.md', '`bench/gc_pause.cpp`', 1,
        'build the `gc_pause` target and run `build/native-release/bench/gc_pause --runs 3`.'));
    return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
    const option = (name, fallback) => {
        const i = process.argv.indexOf(name);
        return i > 0 ? process.argv[i + 1] : fallback;
    };
    const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
    const markdown = await pageMetricsMarkdown({
        root, site: option('--site', join(root, 'build', 'wasm-release', 'site')),
        loads: Number(option('--loads', '7')), log: (text) => process.stderr.write(text + '\n'),
    });
    const out = option('--out', '');
    if (out) writeFileSync(out, markdown + '\n');
    console.log(markdown);
}
