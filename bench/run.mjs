// bench/run.mjs — runs every benchmark on every engine, side by side, and
// writes docs/benchmarks.md (a table of medians and ratios to lua5.4) and
// docs/benchmarks.svg (a chart of the ratios).
//
//   node bench/run.mjs [--runs N] [--only fib,sort] [--engines tricolor,lua5.4]
//
// Runs are interleaved (run 1 of every engine on every benchmark, then run 2,
// ...) so that a noisy neighbour on a shared machine smears over all engines
// instead of landing on one. Every run's stdout is compared with lua5.4's:
// a benchmark whose checksum differs is reported as wrong, never timed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const programs = join(root, 'bench', 'programs');

function option(name, fallback) {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : fallback;
}
const runs = Number(option('--runs', '3'));
// Fengari is ~20x slower than the rest: on a busy machine its runs can be capped (and the page says so).
const fengariRuns = Number(option('--fengari-runs', String(runs)));
// --quick: smaller problem sizes (passed as arg[1]; about 1/5 of the default work) for a busy
// machine. The page names the sizes used.
const quickSizes = {
    bigheap: 300000, bintrees: 13, coro: 1000000, fib: 31, mandel: 400,
    methods: 400000, sort: 100000, strhash: 60000, strings: 60000,
};
const quick = process.argv.includes('--quick');
const only = option('--only', '')?.split(',').filter(Boolean);
const onlyEngines = option('--engines', '')?.split(',').filter(Boolean);

const node = process.execPath;
const tricolorNative = join(root, 'build', 'native-release', 'tricolor');
const tricolorWasm = join(root, 'build', 'wasm-release', 'tricolor-node.js');

// Each engine: a name, how to run a script, and whether it is available here.
const engines = [
    { name: 'tricolor', cmd: [tricolorNative], available: existsSync(tricolorNative) },
    { name: 'lua5.4', cmd: ['lua5.4'], available: true },
    { name: 'luajit -joff', cmd: ['luajit', '-joff'], available: true },
    { name: 'luajit', cmd: ['luajit'], available: true },
    // In slices of 1M instructions, as the page's frame loop runs it: V8 only switches a running
    // wasm function to its optimised code when it is entered again (docs/benchmarks.md says so).
    {
        name: 'tricolor wasm', cmd: [node, tricolorWasm, '--budget', '1000000'],
        available: existsSync(tricolorWasm),
    },
    {
        name: 'wasmoon', cmd: [node, join(root, 'bench', 'engines', 'wasmoon.mjs')],
        available: existsSync(join(root, 'node_modules', 'wasmoon')),
    },
    {
        name: 'fengari', cmd: [node, join(root, 'bench', 'engines', 'fengari.mjs')],
        available: existsSync(join(root, 'node_modules', 'fengari')),
    },
].filter((e) => !onlyEngines.length || onlyEngines.includes(e.name));

const benchmarks = readdirSync(programs)
    .filter((f) => f.endsWith('.lua'))
    .map((f) => f.replace(/\.lua$/, ''))
    .filter((b) => !only.length || only.includes(b))
    .sort();

const scratch = mkdtempSync(join(tmpdir(), 'tricolor-bench-'));

// One timed run: CPU time (user + system) and peak RSS from GNU time. CPU
// time, not wall time: on a machine shared with other jobs the wall time
// mostly measures the neighbours (--wall switches back).
const useWall = process.argv.includes('--wall');
function runOnce(engine, bench) {
    const rssFile = join(scratch, 'rss');
    const size = quick && quickSizes[bench] ? [String(quickSizes[bench])] : [];
    const args = ['-f', '%U %S %M', '-o', rssFile, ...engine.cmd, join(programs, bench + '.lua'), ...size];
    const start = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', args, { cwd: programs, encoding: 'utf8', maxBuffer: 1 << 26 });
    const wall = Number(process.hrtime.bigint() - start) / 1e9;
    const [user, sys, rss] = readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    const seconds = useWall ? wall : user + sys;
    return { seconds, rssKb: rss, stdout: r.stdout, ok: r.status === 0, stderr: r.stderr };
}

const results = {}; // results[bench][engine] = { times: [], rss: [], wrong: string|null }
for (const b of benchmarks) {
    results[b] = {};
    for (const e of engines) results[b][e.name] = { times: [], rss: [], wrong: e.available ? null : 'n/a' };
}

const loadAtStart = loadavg();
const expected = {};
for (let run = 1; run <= runs; run++) {
    for (const b of benchmarks) {
        for (const e of engines) {
            const cell = results[b][e.name];
            if (cell.wrong) continue;
            if (e.name === 'fengari' && run > fengariRuns) continue;
            const r = runOnce(e, b);
            if (e.name === 'lua5.4' && !(b in expected)) expected[b] = r.stdout;
            if (!r.ok) cell.wrong = 'error: ' + (r.stderr.trim().split('\n')[0] || 'exit status');
            else if (b in expected && r.stdout !== expected[b]) cell.wrong = 'wrong checksum';
            else {
                cell.times.push(r.seconds);
                cell.rss.push(r.rssKb);
            }
            process.stderr.write(`run ${run}/${runs} ${b.padEnd(9)} ${e.name.padEnd(14)} ` +
                (cell.wrong ? cell.wrong : `${r.seconds.toFixed(3)} s`) + '\n');
        }
    }
}

const loadAtEnd = loadavg();
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const geomean = (xs) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);

function ratio(b, e) {
    const base = results[b]['lua5.4'];
    const cell = results[b][e];
    if (cell.wrong || !cell.times.length || !base.times.length) return null;
    return median(cell.times) / median(base.times);
}

// --- Markdown -------------------------------------------------------------------
const lines = [];
const date = new Date().toISOString().slice(0, 10);
lines.push('# Benchmarks', '');
lines.push(`Generated by \`node bench/run.mjs\` on ${date}, on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB. ${runs} interleaved runs per cell; each cell is the median ${useWall ? 'wall time' : 'CPU time (user + system)'} ` +
    `(min–max), its ratio to lua5.4 (lower is faster) and the peak RSS; every run's output was checked against lua5.4's. ` +
    `The wasm engines run under node ${process.version}; \`tricolor wasm\` is build/wasm-release/tricolor-node.js ` +
    `run with \`--budget 1000000\` (the VM re-entered every 1M instructions, as the page does, so V8 uses its ` +
    `optimised code), wasmoon and Fengari run their script in one call. ` +
    `The machine is shared: load average ${loadAtStart.map((x) => x.toFixed(1)).join(' / ')} (1/5/15 min) ` +
    `at the start, ${loadAtEnd.map((x) => x.toFixed(1)).join(' / ')} at the end.` +
    (quick ? ` Sizes (--quick, arg[1] of each program): ${Object.entries(quickSizes).map(([b, n]) => `${b} ${n}`).join(', ')}.` : '') +
    (fengariRuns < runs ? ` Fengari ran ${fengariRuns} time(s) per benchmark only (--fengari-runs), for lack of machine time.` : ''), '');
lines.push('| benchmark | ' + engines.map((e) => e.name).join(' | ') + ' |');
lines.push('|---|' + engines.map(() => '---:').join('|') + '|');
for (const b of benchmarks) {
    const cells = engines.map((e) => {
        const c = results[b][e.name];
        if (c.wrong) return c.wrong;
        const r = ratio(b, e.name);
        return `${median(c.times).toFixed(3)} s (${Math.min(...c.times).toFixed(3)}–${Math.max(...c.times).toFixed(3)})` +
            `<br>**${r ? r.toFixed(2) + '×' : '?'}** · ${(median(c.rss) / 1024).toFixed(0)} MB`;
    });
    lines.push(`| ${b} | ${cells.join(' | ')} |`);
}
const geo = engines.map((e) => {
    const rs = benchmarks.map((b) => ratio(b, e.name));
    if (rs.some((r) => r === null)) return 'incomplete';
    return `**${geomean(rs).toFixed(2)}×** (worst ${Math.max(...rs).toFixed(2)}×)`;
});
lines.push(`| geometric mean | ${geo.join(' | ')} |`, '');
lines.push('![ratio to lua5.4 per benchmark](benchmarks.svg)', '');

// --- SVG chart: one group of bars per benchmark, log-scaled ratio ----------------
const palette = ['#e4572e', '#4c72b0', '#55a868', '#8172b2', '#f0a030', '#64b5cd', '#999999'];
const width = 960, height = 420, left = 60, bottom = 90, top = 40;
const plotH = height - bottom - top;
const groupW = (width - left - 20) / Math.max(benchmarks.length, 1);
const barW = Math.max(2, (groupW - 10) / engines.length);
const maxLog = Math.log10(64), minLog = Math.log10(0.25);
const y = (r) => top + plotH * (1 - (Math.log10(Math.min(Math.max(r, 0.25), 64)) - minLog) / (maxLog - minLog));
const svg = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${left}" y="20" font-size="14">Time relative to lua5.4 (log scale, lower is faster), ${date}</text>`];
for (const r of [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64]) {
    svg.push(`<line x1="${left}" x2="${width - 20}" y1="${y(r)}" y2="${y(r)}" stroke="${r === 1 ? '#000' : '#ddd'}"/>`,
        `<text x="${left - 6}" y="${y(r) + 4}" text-anchor="end">${r}×</text>`);
}
benchmarks.forEach((b, bi) => {
    const x0 = left + bi * groupW + 5;
    engines.forEach((e, ei) => {
        const r = ratio(b, e.name);
        if (r === null) return;
        const yTop = Math.min(y(r), y(1)), yBottom = Math.max(y(r), y(1));
        svg.push(`<rect x="${x0 + ei * barW}" y="${yTop}" width="${barW - 1}" height="${Math.max(1, yBottom - yTop)}" fill="${palette[ei % palette.length]}"><title>${e.name} ${b}: ${r.toFixed(2)}×</title></rect>`);
    });
    svg.push(`<text x="${x0 + groupW / 2 - 5}" y="${height - bottom + 16}" text-anchor="middle">${b}</text>`);
});
engines.forEach((e, ei) => {
    const lx = left + ei * 125;
    svg.push(`<rect x="${lx}" y="${height - 40}" width="12" height="12" fill="${palette[ei % palette.length]}"/>`,
        `<text x="${lx + 16}" y="${height - 30}">${e.name}</text>`);
});
svg.push('</svg>');

mkdirSync(join(root, 'docs'), { recursive: true });
const extra = join(root, 'docs', 'benchmarks-extra.md');
if (existsSync(extra)) lines.push(readFileSync(extra, 'utf8'));
writeFileSync(join(root, 'docs', 'benchmarks.md'), lines.join('\n') + '\n');
writeFileSync(join(root, 'docs', 'benchmarks.svg'), svg.join('\n') + '\n');
console.log(lines.join('\n'));
