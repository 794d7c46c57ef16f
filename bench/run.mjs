// bench/run.mjs — runs every benchmark on every engine, side by side, and
// writes docs/benchmarks.md (a table of medians and ratios to lua5.4, the
// targets of issue 9, the page metrics) and docs/benchmarks.svg (a chart of
// the ratios).
//
//   node bench/run.mjs [--runs N] [--fengari-runs N] [--max-minutes M] [--quick]
//                      [--only fib,sort] [--engines tricolor,lua5.4] [--wall]
//                      [--no-page] [--site DIR] [--loads N] [--timeout S]
//                      [--native build/native-release/tricolor]
//                      [--wasm-cli build/wasm-release/tricolor-node.js]
//
// Runs are interleaved (run 1 of every engine on every benchmark, then run 2,
// ...) so that a noisy neighbour on a shared machine smears over all engines
// instead of landing on one. Every run's stdout is compared with lua5.4's
// (one untimed reference run per benchmark): a run whose checksum differs is
// reported as wrong, with the expected and the printed line, never timed.
//
// Timing: each run is started by a small C helper (compiled with `cc` into a
// scratch directory at start) that forks, execs and wait4()s the engine, so
// user + system CPU time and peak RSS come from the child's rusage with
// microsecond resolution (GNU time prints 10 ms steps, which made LuaJIT's
// fastest cells 0.000 s).
//
// Bounded time: after the first round the runner predicts the rest; when the
// whole table would take longer than --max-minutes (default 20), Fengari (the
// slowest engine by far) gets fewer runs, and the page says so.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const programs = join(root, 'bench', 'programs');

function option(name, fallback) {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : fallback;
}
const runs = Number(option('--runs', '3'));
let fengariRuns = Number(option('--fengari-runs', String(runs)));
const fengariRunsAsked = fengariRuns;
const maxMinutes = Number(option('--max-minutes', '20'));
// --quick: smaller problem sizes (passed as arg[1]; about 1/4 of the default work) for a busy
// machine. The page names the sizes used.
const quickSizes = {
    bigheap: 300000, bintrees: 13, coro: 1000000, fib: 31, mandel: 400,
    methods: 400000, sort: 100000, strhash: 60000, strings: 60000,
};
const quick = process.argv.includes('--quick');
const only = option('--only', '')?.split(',').filter(Boolean);
const onlyEngines = option('--engines', '')?.split(',').filter(Boolean);
const useWall = process.argv.includes('--wall');
const withPage = !process.argv.includes('--no-page');
// A run taking longer than this is killed and reported (a hung engine must not stall the table).
const runTimeoutSeconds = Number(option('--timeout', '600'));
// Cells under this median are dominated by start-up and timer noise: marked, still counted.
const shortRunSeconds = 0.05;

const node = process.execPath;
const tricolorNative = resolve(option('--native', join(root, 'build', 'native-release', 'tricolor')));
const tricolorWasm = resolve(option('--wasm-cli', join(root, 'build', 'wasm-release', 'tricolor-node.js')));

// Each engine: a name, how to run a script, and whether it is available here. lua5.4 comes first:
// it is the baseline of every ratio.
const engines = [
    { name: 'lua5.4', cmd: ['lua5.4'], available: true },
    { name: 'tricolor', cmd: [tricolorNative], available: existsSync(tricolorNative), missing: 'not built' },
    { name: 'luajit -joff', cmd: ['luajit', '-joff'], available: true },
    { name: 'luajit', cmd: ['luajit'], available: true },
    // In slices of 1M instructions, as the page's frame loop runs it: V8 only switches a running
    // wasm function to its optimised code when it is entered again (docs/benchmarks.md says so).
    {
        name: 'tricolor wasm', cmd: [node, tricolorWasm, '--budget', '1000000'],
        available: existsSync(tricolorWasm), missing: 'not built',
    },
    {
        name: 'wasmoon', cmd: [node, join(root, 'bench', 'engines', 'wasmoon.mjs')],
        available: existsSync(join(root, 'node_modules', 'wasmoon')), missing: 'not installed (npm ci)',
    },
    {
        name: 'fengari', cmd: [node, join(root, 'bench', 'engines', 'fengari.mjs')],
        available: existsSync(join(root, 'node_modules', 'fengari')), missing: 'not installed (npm ci)',
    },
].filter((e) => !onlyEngines.length || onlyEngines.includes(e.name));

const benchmarks = readdirSync(programs)
    .filter((f) => f.endsWith('.lua'))
    .map((f) => f.replace(/\.lua$/, ''))
    .filter((b) => !only.length || only.includes(b))
    .sort();

const scratch = mkdtempSync(join(tmpdir(), 'tricolor-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
// The start-up row: an empty script (not a benchmark, not in any mean).
const startup = 'start-up';
writeFileSync(join(scratch, 'empty.lua'), '-- empty: measures the engine\'s start-up\n');
const scriptOf = (bench) => (bench === startup ? join(scratch, 'empty.lua') : join(programs, bench + '.lua'));

// fork + exec + wait4, in a few lines of C compiled here (a C parent keeps the child's peak RSS
// honest: Linux counts the pre-exec image of a forked Python or node in ru_maxrss). Writes
// "wall user sys maxrss_kb signal" to argv[1] and exits with the child's status; SIGALRM after
// argv[2] seconds kills the child.
const timerSource = join(scratch, 'rusage.c'), timer = join(scratch, 'rusage');
writeFileSync(timerSource, `#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
static pid_t child;
static void killChild(int sig) { (void)sig; kill(child, SIGKILL); }
static double seconds(struct timeval t) { return t.tv_sec + t.tv_usec / 1e6; }
int main(int argc, char **argv) {
    if (argc < 4) return 2;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    child = fork();
    if (child == 0) { execvp(argv[3], argv + 3); _exit(127); }
    signal(SIGALRM, killChild);
    alarm((unsigned)atoi(argv[2]));
    int status = 0;
    struct rusage usage;
    while (wait4(child, &status, 0, &usage) < 0) {}
    clock_gettime(CLOCK_MONOTONIC, &t1);
    FILE *out = fopen(argv[1], "w");
    if (!out) return 2;
    fprintf(out, "%.6f %.6f %.6f %ld %d\\n", (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
            seconds(usage.ru_utime), seconds(usage.ru_stime), usage.ru_maxrss,
            WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    fclose(out);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
`);
{
    const cc = process.env.CC || 'cc';
    const built = spawnSync(cc, ['-O2', '-o', timer, timerSource], { encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`cannot build the timer helper with ${cc}: ${built.stderr || built.error}`);
}

// One run: CPU time (user + system), wall time and peak RSS of the engine process. CPU time, not
// wall time, by default: on a machine shared with other jobs the wall time mostly measures the
// neighbours (--wall switches back). Node-hosted engines' CPU time includes V8's helper threads.
function runOnce(engine, bench) {
    const usageFile = join(scratch, 'usage');
    const size = quick && quickSizes[bench] ? [String(quickSizes[bench])] : [];
    const args = [usageFile, String(runTimeoutSeconds), ...engine.cmd, scriptOf(bench), ...size];
    writeFileSync(usageFile, '');
    const r = spawnSync(timer, args, { cwd: programs, encoding: 'utf8', maxBuffer: 1 << 26 });
    const fields = readFileSync(usageFile, 'utf8').trim().split(' ').map(Number);
    if (fields.length < 5) throw new Error(`timer helper failed: ${r.stderr || r.error}`);
    const [wall, user, sys, rssKb, signal] = fields;
    return {
        seconds: useWall ? wall : user + sys, wall, rssKb, stdout: r.stdout, stderr: r.stderr,
        ok: r.status === 0 && !signal, killed: signal === 9 && wall >= runTimeoutSeconds - 1,
    };
}

// The first line where two outputs differ, for the notes under the table.
function firstDifference(expected, got) {
    const a = expected.split('\n'), b = got.split('\n');
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
        if (a[i] !== b[i]) return `expected \`${a[i] ?? '(end)'}\`, printed \`${b[i] ?? '(end)'}\``;
    }
    return 'outputs differ';
}

const rows = [startup, ...benchmarks];
const results = {}; // results[bench][engine] = { times: [], walls: [], rss: [], wrong: string|null }
for (const b of rows) {
    results[b] = {};
    for (const e of engines) results[b][e.name] = { times: [], walls: [], rss: [], wrong: e.available ? null : e.missing };
}
const notes = []; // wrong cells, with what was expected and what was printed

const clock = (seconds) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
const started = process.hrtime.bigint();
const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
const loadAtStart = loadavg();

// Untimed reference runs on lua5.4: the expected output of each benchmark.
const expected = {};
for (const b of rows) {
    const r = runOnce({ cmd: ['lua5.4'] }, b);
    if (!r.ok) throw new Error(`lua5.4 fails on ${b}: ${r.stderr}`);
    expected[b] = r.stdout;
}
process.stderr.write(`reference outputs from lua5.4: ${clock(elapsed())}\n`);

let fengariNote = '';
let roundSeconds = 0, fengariRoundSeconds = 0; // measured in round 1
// Predicted time left, from round 1's duration, while round `run` has been going for `inRound` s.
function remainingSeconds(run, inRound) {
    const round = (k) => roundSeconds - (k > fengariRuns ? fengariRoundSeconds : 0);
    let left = Math.max(0, round(run) - inRound);
    for (let k = run + 1; k <= runs; k++) left += round(k);
    return left;
}
for (let run = 1; run <= runs; run++) {
    const roundStart = elapsed();
    let fengariSeconds = 0;
    for (const b of rows) {
        for (const e of engines) {
            const cell = results[b][e.name];
            if (cell.wrong) continue;
            if (e.name === 'fengari' && run > fengariRuns) continue;
            const r = runOnce(e, b);
            if (e.name === 'fengari') fengariSeconds += r.wall;
            if (r.killed) cell.wrong = `killed after ${runTimeoutSeconds} s`;
            else if (!r.ok) cell.wrong = 'error: ' + (r.stderr.trim().split('\n')[0] || 'exit status').replaceAll('|', '\\|');
            else if (r.stdout !== expected[b]) {
                cell.wrong = 'wrong checksum';
                notes.push(`${e.name} on ${b} (run ${run}): ${firstDifference(expected[b], r.stdout)}.`);
            } else {
                cell.times.push(r.seconds);
                cell.walls.push(r.wall);
                cell.rss.push(r.rssKb);
            }
            const eta = roundSeconds ? ` eta ${clock(remainingSeconds(run, elapsed() - roundStart))}` : '';
            process.stderr.write(`[${clock(elapsed())}${eta}] run ${run}/${runs} ${b.padEnd(9)} ${e.name.padEnd(14)} ` +
                (cell.wrong ? cell.wrong : `${r.seconds.toFixed(3)} s cpu, ${r.wall.toFixed(3)} s wall`) + '\n');
        }
    }
    if (run === 1) {
        roundSeconds = elapsed() - roundStart;
        fengariRoundSeconds = fengariSeconds;
        // Predict the remaining rounds; give Fengari fewer runs when they would not fit.
        const rest = runs - 1;
        const predicted = elapsed() + rest * roundSeconds;
        if (rest > 0 && predicted > maxMinutes * 60 && fengariSeconds > 0) {
            const spare = maxMinutes * 60 - elapsed() - rest * (roundSeconds - fengariSeconds);
            const extra = Math.max(0, Math.min(rest, Math.floor(spare / fengariSeconds)));
            if (1 + extra < fengariRuns) {
                fengariRuns = 1 + extra;
                fengariNote = ` Fengari ran ${fengariRuns} time(s) per benchmark: the first round took ` +
                    `${clock(roundSeconds)} (Fengari ${clock(fengariSeconds)} of it), and ${runs} full rounds would ` +
                    `have passed the ${maxMinutes}-minute bound (--max-minutes).`;
                process.stderr.write(`round 1 took ${clock(roundSeconds)}:${fengariNote}\n`);
            }
        }
    }
}
if (!fengariNote && fengariRunsAsked < runs && engines.some((e) => e.name === 'fengari')) {
    fengariNote = ` Fengari ran ${fengariRunsAsked} time(s) per benchmark only (--fengari-runs).`;
}
const totalSeconds = elapsed();
const loadAtEnd = loadavg();

const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b), h = Math.floor(s.length / 2);
    return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};
const geomean = (xs) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
const has = (name) => engines.some((e) => e.name === name && e.available);

// median(a) / median(b) on one benchmark, or null when either cell has no valid time. With `net`,
// each engine's start-up median (the empty script) is subtracted first.
function ratioOf(b, numerator, denominator, net = false) {
    const time = (engine) => {
        const c = results[b][engine], s = results[startup][engine];
        if (!c || c.wrong || !c.times.length) return null;
        if (!net) return median(c.times);
        if (s.wrong || !s.times.length) return null;
        const t = median(c.times) - median(s.times);
        return t > 0 ? t : null;
    };
    const n = time(numerator), d = time(denominator);
    return n === null || d === null ? null : n / d;
}
const ratio = (b, e) => ratioOf(b, e, 'lua5.4');

// "**g×** (worst w×)" over the benchmarks, saying loudly when some ratios are missing.
function summary(ratios, worstIsMax = true) {
    const present = ratios.filter((r) => r !== null);
    if (!present.length) return 'no data';
    const worst = worstIsMax ? Math.max(...present) : Math.min(...present);
    const text = `**${geomean(present).toFixed(2)}×** (worst ${worst.toFixed(2)}×)`;
    return present.length === ratios.length ? text : `incomplete: ${present.length} of ${ratios.length}, ${text}`;
}

// --- Markdown -------------------------------------------------------------------
const lines = [];
const date = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
const command = 'node bench/run.mjs' + (process.argv.length > 2 ? ' ' + process.argv.slice(2).join(' ') : '');
lines.push('# Benchmarks', '');
lines.push(`Generated by \`${command}\` on ${date} in ${clock(totalSeconds)} (min:s), on ${cpus().length} × ` +
    `${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}. ` +
    `The machine is shared: load average ${loadAtStart.map((x) => x.toFixed(1)).join(' / ')} (1/5/15 min) at the ` +
    `start, ${loadAtEnd.map((x) => x.toFixed(1)).join(' / ')} at the end.`, '');
lines.push(`- ${runs} interleaved runs per cell.${fengariNote} Each cell: the median ` +
    (useWall ? 'wall time' : 'CPU time (user + system, from the engine process\'s rusage, µs resolution)') +
    ' (min–max), the ratio to lua5.4 (lower is faster) and the median peak RSS.');
lines.push('- Every run\'s output was compared with an untimed lua5.4 run; a wrong output is shown as such, never timed.');
lines.push(`- † marks a median under ${shortRunSeconds * 1000} ms: mostly start-up and noise (see the start-up row, ` +
    'an empty script, which counts in no mean); such cells still count in the means.');
lines.push(`- The wasm engines run under node (their CPU time includes V8's compiler and GC threads). ` +
    `\`tricolor wasm\` is ${relative(root, tricolorWasm)} run with \`--budget 1000000\`: the VM is re-entered every ` +
    '1M instructions, as the page does, so V8 uses its optimised code. wasmoon and Fengari run their script in one call.');
lines.push('- ' + (quick ? `Sizes (--quick, arg[1] of each program): ${Object.entries(quickSizes).map(([b, n]) => `${b} ${n}`).join(', ')}.`
    : 'Default sizes (each program\'s own).'), '');
lines.push('| benchmark | ' + engines.map((e) => e.name).join(' | ') + ' |');
lines.push('|---|' + engines.map(() => '---:').join('|') + '|');
for (const b of rows) {
    const cells = engines.map((e) => {
        const c = results[b][e.name];
        if (c.wrong) return c.wrong;
        const m = median(c.times);
        const r = b === startup ? null : ratio(b, e.name);
        return `${m.toFixed(3)} s${m < shortRunSeconds ? ' †' : ''} (${Math.min(...c.times).toFixed(3)}–${Math.max(...c.times).toFixed(3)})` +
            (b === startup ? '' : `<br>**${r === null ? 'no ratio' : r.toFixed(2) + '×'}**`) +
            ` · ${(median(c.rss) / 1024).toFixed(0)} MB`;
    });
    lines.push(`| ${b === startup ? '*start-up*' : b} | ${cells.join(' | ')} |`);
}
lines.push(`| geometric mean | ${engines.map((e) => summary(benchmarks.map((b) => ratio(b, e.name)))).join(' | ')} |`, '');
if (notes.length) lines.push('Wrong outputs (the cell shows "wrong checksum"):', '', ...notes.map((n) => `- ${n}`), '');
lines.push('![ratio to lua5.4 per benchmark](benchmarks.svg)', '');

// --- The targets of issue 9, computed from the same run ---------------------------
const targets = [];
// [numerator, denominator, label, goal, is a higher ratio better?, start-up subtracted?]
const pairs = [
    ['tricolor', 'lua5.4', 'tricolor / lua5.4 (native)', 'geomean ≤ 1.25×, none worse than 2×', false, false],
    ['tricolor wasm', 'wasmoon', 'tricolor wasm / wasmoon', 'geomean < 1×', false, false],
    ['fengari', 'tricolor wasm', 'fengari / tricolor wasm (how many times faster than Fengari)', '≥ 20×', true, false],
    ['fengari', 'tricolor wasm', 'the same, start-up subtracted', 'the start-up row\'s median taken off both', true, true],
    ['tricolor wasm', 'tricolor', 'tricolor wasm / tricolor native', 'coro within 2×', false, false],
];
const present = pairs.filter(([a, b]) => has(a) && has(b));
if (present.length) {
    targets.push('## Targets', '');
    targets.push('Ratios of medians from the table above (per benchmark and geometric mean). Issue 9\'s targets: ' +
        present.map(([, , label, goal]) => `${label}: ${goal}`).join('; ') + '.', '');
    targets.push('| benchmark | ' + present.map(([, , label]) => label).join(' | ') + ' |');
    targets.push('|---|' + present.map(() => '---:').join('|') + '|');
    for (const b of benchmarks) {
        targets.push(`| ${b} | ${present.map(([a, c, , , , net]) => { const r = ratioOf(b, a, c, net); return r === null ? 'no ratio' : r.toFixed(2) + '×'; }).join(' | ')} |`);
    }
    targets.push(`| geometric mean | ${present.map(([a, c, , , higherIsBetter, net]) => summary(benchmarks.map((b) => ratioOf(b, a, c, net)), !higherIsBetter)).join(' | ')} |`, '');
    const fengari = present.find(([a]) => a === 'fengari');
    if (fengari && benchmarks.some((b) => ratioOf(b, 'fengari', 'tricolor wasm') !== null)) {
        const rs = benchmarks.map((b) => [b, ratioOf(b, 'fengari', 'tricolor wasm')]).filter(([, r]) => r !== null);
        const holds = rs.filter(([, r]) => r >= 20).map(([b]) => b);
        const fails = rs.filter(([, r]) => r < 20).map(([b, r]) => `${b} ${r.toFixed(1)}×`);
        targets.push(`≥ 20× faster than Fengari holds on ${holds.length} of ${rs.length} benchmark(s)` +
            (holds.length ? ` (${holds.join(', ')})` : '') + (fails.length ? `; not on ${fails.join(', ')}` : '') + '. ' +
            (has('lua5.4') ? `For scale, Fengari / lua5.4 here: ${summary(benchmarks.map((b) => ratio(b, 'fengari')))}, ` +
                `and tricolor wasm / lua5.4: ${summary(benchmarks.map((b) => ratio(b, 'tricolor wasm')))}; 20× faster ` +
                'than Fengari on a benchmark means tricolor wasm at most (Fengari / lua5.4) ÷ 20 times lua5.4 there.' : ''), '');
    }
}
lines.push(...targets);

// --- SVG chart: one group of bars per benchmark, log-scaled ratio ----------------
const palette = ['#999999', '#e4572e', '#4c72b0', '#55a868', '#8172b2', '#f0a030', '#64b5cd'];
const width = 960, height = 420, left = 60, bottom = 90, top = 40;
const plotH = height - bottom - top;
const groupW = (width - left - 20) / Math.max(benchmarks.length, 1);
const barW = Math.max(2, (groupW - 10) / engines.length);
const maxLog = Math.log10(128), minLog = Math.log10(1 / 64);
const y = (r) => top + plotH * (1 - (Math.log10(Math.min(Math.max(r, 1 / 64), 128)) - minLog) / (maxLog - minLog));
const svg = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${left}" y="20" font-size="14">Time relative to lua5.4 (log scale, lower is faster), ${date}</text>`];
for (const r of [1 / 64, 1 / 16, 0.25, 1, 4, 16, 64]) {
    const label = r < 1 ? `1/${Math.round(1 / r)}` : String(r);
    svg.push(`<line x1="${left}" x2="${width - 20}" y1="${y(r)}" y2="${y(r)}" stroke="${r === 1 ? '#000' : '#ddd'}"/>`,
        `<text x="${left - 6}" y="${y(r) + 4}" text-anchor="end">${label}×</text>`);
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

// --- Page metrics, visualizer frame times, GC pauses (bench/page_metrics.mjs) -------
if (withPage) {
    const { pageMetricsMarkdown } = await import('./page_metrics.mjs');
    process.stderr.write(`[${clock(elapsed())}] page metrics\n`);
    try {
        lines.push(await pageMetricsMarkdown({
            root, site: option('--site', join(root, 'build', 'wasm-release', 'site')),
            loads: Number(option('--loads', '7')), log: (text) => process.stderr.write(text + '\n'),
        }));
    } catch (error) {
        lines.push('## Page metrics', '', `Not measured: ${error.message}`, '');
    }
}

mkdirSync(join(root, 'docs'), { recursive: true });
const extra = join(root, 'docs', 'benchmarks-extra.md');
if (existsSync(extra)) lines.push(readFileSync(extra, 'utf8'));
writeFileSync(join(root, 'docs', 'benchmarks.md'), lines.join('\n') + '\n');
writeFileSync(join(root, 'docs', 'benchmarks.svg'), svg.join('\n') + '\n');
console.log(lines.join('\n'));
process.stderr.write(`done in ${clock(elapsed())}\n`);
