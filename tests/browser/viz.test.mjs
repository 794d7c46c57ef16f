// Browser tests of the GC visualizer (viz/): a script is loaded and run, then the collector is
// stepped through every state of a cycle. At each state the test reads the frame summary the
// visualizer exports (tricolor_viz_frame_summary: per-colour counts of the nodes the heap graph drew
// in that frame, the collector state, the mutator lock) and samples the screenshot's pixels for the
// node fill colours. Screenshots of every state are saved to $TRICOLOR_VIZ_SCREENSHOTS (default
// build/screenshots-viz/) so a person can look at them.
//
// The runner (run.mjs) fails a test on any console error or page error.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodePng } from './png.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOTS = process.env.TRICOLOR_VIZ_SCREENSHOTS || path.join(HERE, '..', '..', 'build', 'screenshots-viz');

// The node fills of viz/panel_common.cpp (palette::fill): exact colours inside a node's box.
const FILL = {
  white: [240, 240, 236],
  whiteOther: [236, 200, 150],
  gray: [128, 132, 140],
  black: [3, 3, 3],
};
// A node box is about 74x24 pixels at zoom 1; the legend's swatches are far smaller.
const NODE_PIXELS = 400;

const STATES = ['propagate', 'enteratomic', 'atomic', 'sweepallgc', 'sweepfinobj', 'sweeptobefnz',
                'sweepend', 'callfinalizers', 'pause'];

const SCRIPT = `
local Node = {}
Node.__index = Node
local function node(v, n) return setmetatable({value = v, next = n}, Node) end
list = nil
for i = 1, 6 do list = node(i, list) end
cache = setmetatable({}, {__mode = "k"})
local keep = {}
for i = 1, 4 do local k = {}; cache[k] = "entry " .. i; if i % 2 == 0 then keep[#keep + 1] = k end end
anchor = keep
setmetatable({name = "phoenix"}, {__gc = function(o) saved = o; print("finalizer ran for " .. o.name) end})
list = list.next.next
print("heap ready")
`;

const LOOP_SCRIPT = `
local t = {}
while true do
  t[#t + 1] = {n = #t}
  if #t > 40 then t = {} end
end
`;

async function openPage(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.tricolor && window.tricolor.ready &&
                                   window.tricolor.frameCount() > 5, null, { timeout: 60000 });
}

const call = (page, name, ...args) =>
  page.evaluate(([n, a]) => window.Module['_' + n](...a), [name, args]);

async function load(page, source) {
  return page.evaluate((s) => window.Module.ccall('tricolor_load', 'number', ['string'], [s]), source);
}

// Waits until the page has drawn `n` more frames (so the summary describes a drawn frame).
async function frames(page, n = 3) {
  const start = await call(page, 'tricolor_frame_count');
  await page.waitForFunction((s) => window.Module._tricolor_frame_count() >= s, start + n, { timeout: 20000 });
}

async function summary(page) {
  return JSON.parse(await page.evaluate(() =>
    window.Module.UTF8ToString(window.Module._tricolor_viz_frame_summary())));
}

// Pixels of each node fill colour in a screenshot.
function countFills(png) {
  const counts = Object.fromEntries(Object.keys(FILL).map((k) => [k, 0]));
  const { pixels, channels } = png;
  for (let i = 0; i < pixels.length; i += channels) {
    for (const [name, [r, g, b]] of Object.entries(FILL)) {
      if (pixels[i] === r && pixels[i + 1] === g && pixels[i + 2] === b) counts[name]++;
    }
  }
  return counts;
}

async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  return { file, png: decodePng(await page.screenshot({ path: file })) };
}

// ---- Frame times in headless Chromium (a measurement, not a test: TRICOLOR_VIZ_FRAMES=1) ----------
// The same scenarios as bench/viz_frames.cpp: 5,000 linked tables in the graph (zoomed to fit and
// at zoom 1) and 1,000,000 tables in the heap map. Main-thread CPU per frame comes from the DevTools
// protocol (ScriptDuration: our wasm + the WebGL calls' JS side; the rasterizing is in Chromium's
// GPU process, SwiftShader here); fps from the page's frame counter over wall time. With
// TRICOLOR_VIZ_FRAMES_MD=docs/viz-frames.md the table after the "browser" marker is rewritten.
const GRAPH_5K = `objs = {}
for i = 1, 5000 do objs[i] = {index = i} end
for i = 1, 4999 do objs[i].next = objs[i + 1] end`;
const MAP_1M = 'objs = {} for i = 1, 1000000 do objs[i] = {} end';
const BROWSER_MARKER = '<!-- browser frame times: tests/browser/viz.test.mjs -->';

async function measureFrames(page, cdp, seconds) {
  await frames(page, 5);
  const metric = async () => Object.fromEntries(
    (await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const f0 = await call(page, 'tricolor_frame_count');
  const m0 = await metric();
  const t0 = Date.now();
  await page.waitForTimeout(seconds * 1000);
  const f1 = await call(page, 'tricolor_frame_count');
  const m1 = await metric();
  const wall = (Date.now() - t0) / 1000;
  const n = Math.max(1, f1 - f0);
  return {
    frames: n,
    fps: n / wall,
    scriptMs: ((m1.ScriptDuration - m0.ScriptDuration) * 1000) / n,
    taskMs: ((m1.TaskDuration - m0.TaskDuration) * 1000) / n,
  };
}

async function runToEnd(page, source, timeout) {
  if (await load(page, source) !== 1) throw new Error('the benchmark script did not load');
  await call(page, 'tricolor_run');
  await page.waitForFunction(() => JSON.parse(window.Module.UTF8ToString(
    window.Module._tricolor_viz_frame_summary())).program === 'finished', null, { timeout });
  await call(page, 'tricolor_gc_step_phase'); // into propagate
  for (let i = 0; i < 200; i++) await call(page, 'tricolor_gc_step_unit');
}

function writeBrowserSection(file, rows, viewport) {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Visualizer frame times\n';
  const head = text.includes(BROWSER_MARKER) ? text.slice(0, text.indexOf(BROWSER_MARKER)) : text + '\n';
  const date = new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const lines = [BROWSER_MARKER, '## Headless Chromium', '',
    `Measured on ${date}, page ${viewport.width}x${viewport.height}, Chromium with SwiftShader WebGL2 ` +
    '(`--use-angle=swiftshader`), the wasm-release build. Regenerate:', '',
    '```sh', 'TRICOLOR_VIZ_FRAMES=1 TRICOLOR_VIZ_FRAMES_MD=docs/viz-frames.md \\',
    '  node tests/browser/run.mjs --site build/wasm-release/site --filter viz-frame-times', '```', '',
    '"script" is the main thread\'s JavaScript + wasm time per frame (DevTools `ScriptDuration`: ' +
    'building the frame and issuing WebGL calls), "task" all main-thread work per frame, "fps" ' +
    'frames drawn per wall second (SwiftShader rasterizes on the CPU of this shared machine).', '',
    '| Scenario | objects | script ms/frame | task ms/frame | fps |', '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.name} | ${r.objects} | ${r.scriptMs.toFixed(1)} | ${r.taskMs.toFixed(1)} | ${r.fps.toFixed(1)} |`),
    ''];
  writeFileSync(file, head + lines.join('\n'));
}

const frameTimeTest = {
  name: 'viz-frame-times',
  context: { viewport: { width: 1600, height: 1000 } },
  async run({ page, url, assert }) {
    await openPage(page, url);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const rows = [];
    // The floor: a heap of a few objects (windows, text, plots): what any frame costs here.
    await runToEnd(page, 'x = {}', 60000);
    await call(page, 'tricolor_viz_set_graph_zoom', 1);
    let r = await measureFrames(page, cdp, 5);
    let s = await summary(page);
    rows.push({ name: 'small (the floor)', objects: s.objects, ...r });
    await runToEnd(page, GRAPH_5K, 60000);
    await call(page, 'tricolor_viz_show_map', 0);
    await call(page, 'tricolor_viz_set_graph_zoom', 0);
    r = await measureFrames(page, cdp, 5);
    s = await summary(page);
    const drawn = s.graph.white + s.graph.whiteOther + s.graph.gray + s.graph.black;
    assert(drawn > 4000, `the fitted graph drew only ${drawn} nodes`);
    rows.push({ name: 'graph-5k (fit)', objects: s.objects, ...r });
    await call(page, 'tricolor_viz_set_graph_zoom', 1);
    r = await measureFrames(page, cdp, 5);
    rows.push({ name: 'graph-5k-zoom1', objects: s.objects, ...r });
    await runToEnd(page, MAP_1M, 240000);
    await call(page, 'tricolor_viz_show_map', 1);
    r = await measureFrames(page, cdp, 5);
    s = await summary(page);
    assert(s.objects > 1000000, `expected a 1M heap, got ${s.objects}`);
    rows.push({ name: 'map-1m', objects: s.objects, ...r });
    // Stepping the 1M heap: auto-step at 30 units/s (about one unit per frame at 30 fps); the
    // model follows the collector's events, the map texture gets only the changed rows.
    await call(page, 'tricolor_viz_set_auto_step', 1, 30);
    r = await measureFrames(page, cdp, 5);
    await call(page, 'tricolor_viz_set_auto_step', 0, 30);
    s = await summary(page);
    rows.push({ name: 'map-1m stepping (30 units/s)', objects: s.objects, ...r });
    if (process.env.TRICOLOR_VIZ_FRAMES_MD) writeBrowserSection(process.env.TRICOLOR_VIZ_FRAMES_MD, rows, { width: 1600, height: 1000 });
    return rows.map((x) => `${x.name}: ${x.objects} objects, script ${x.scriptMs.toFixed(1)} ms/frame, ` +
                           `task ${x.taskMs.toFixed(1)} ms/frame, ${x.fps.toFixed(1)} fps`).join('\n      ');
  },
};

export const tests = [
  {
    name: 'viz-steps-through-every-state',
    context: { viewport: { width: 1600, height: 1000 } },
    async run({ page, url, assert }) {
      await openPage(page, url);
      assert(await load(page, SCRIPT) === 1, 'the script did not load');
      await call(page, 'tricolor_run');
      await page.waitForFunction(() => JSON.parse(window.Module.UTF8ToString(
        window.Module._tricolor_viz_frame_summary())).program === 'finished', null, { timeout: 20000 });
      let s = await summary(page);
      assert(s.state === 'pause', `the collector should wait in pause, not ${s.state}`);

      const seen = {};
      for (const state of STATES) {
        for (let i = 0; i < 50 && s.state !== state; i++) {
          await call(page, 'tricolor_gc_step_phase');
          s = await summary(page);
        }
        assert(s.state === state, `stepping phases never reached ${state} (at ${s.state})`);
        await frames(page);
        s = await summary(page);
        const { file, png } = await shot(page, `viz-${STATES.indexOf(state) + 1}-${state}`);
        seen[state] = { summary: s, fills: countFills(png), file };

        if (state === 'atomic') {
          // Inside atomic: the mutator is locked and each phase step is one sub-step.
          assert(s.mutatorLocked === true, 'atomic without the mutator lock');
          const subSteps = [s.atomicStep];
          for (let k = 0; k < 10 && s.state === 'atomic'; k++) {
            await call(page, 'tricolor_gc_step_phase');
            s = await summary(page);
            if (s.state === 'atomic') subSteps.push(s.atomicStep);
          }
          assert(subSteps.length >= 5, `atomic showed too few sub-steps: ${subSteps.join(', ')}`);
          assert(s.mutatorLocked === false, 'the mutator stayed locked after atomic');
          seen.atomic.subSteps = subSteps;
        }
      }

      const g = (state) => seen[state].summary.graph;
      const f = (state) => seen[state].fills;
      // Marking: a gray frontier with black behind it, in the graph and on screen.
      assert(g('propagate').gray > 0, `no gray node in propagate: ${JSON.stringify(g('propagate'))}`);
      assert(f('propagate').gray >= NODE_PIXELS, `no gray node pixels in propagate: ${JSON.stringify(f('propagate'))}`);
      assert(f('propagate').white >= NODE_PIXELS, `no white node pixels in propagate: ${JSON.stringify(f('propagate'))}`);
      // (Gray may remain only on grayagain/weak lists: threads and weak tables, for atomic.)
      assert(g('enteratomic').black > g('propagate').black && g('enteratomic').gray < g('propagate').gray,
             `enteratomic should show more black, less gray: ${JSON.stringify(g('enteratomic'))}`);
      assert(f('enteratomic').black >= NODE_PIXELS, `no black node pixels: ${JSON.stringify(f('enteratomic'))}`);
      // After the flip the unreached objects are the other white (dead), until the sweeper frees them.
      assert(g('sweepallgc').whiteOther > 0, `no other-white node after atomic: ${JSON.stringify(g('sweepallgc'))}`);
      assert(f('sweepallgc').whiteOther >= NODE_PIXELS, `no other-white pixels: ${JSON.stringify(f('sweepallgc'))}`);
      // Swept: the dead are ghosts, survivors white again.
      assert(g('sweepfinobj').ghosts > 0, `no ghosts after sweeping: ${JSON.stringify(g('sweepfinobj'))}`);
      assert(g('sweepfinobj').whiteOther === 0, 'dead objects survived the sweep');
      assert(g('pause').black === 0 && g('pause').white > 0, `pause should be all white: ${JSON.stringify(g('pause'))}`);
      assert(seen.pause.summary.finalizerCalls >= 1, 'the phoenix finalizer was not called');
      return STATES.map((st) => `${st}: ${JSON.stringify(seen[st].summary.graph)}`).join('\n      ') +
             `\n      atomic sub-steps: ${seen.atomic.subSteps.join(', ')}\n      screenshots in ${SHOTS}`;
    },
  },
  {
    name: 'viz-mutator-locked-while-atomic',
    context: { viewport: { width: 1400, height: 900 } },
    async run({ page, url, assert }) {
      await openPage(page, url);
      assert(await load(page, LOOP_SCRIPT) === 1, 'the script did not load');
      await call(page, 'tricolor_run');
      await frames(page, 10);
      await call(page, 'tricolor_pause');
      let s = await summary(page);
      assert(s.program === 'paused' || s.program === 'mutator locked', `not paused: ${s.program}`);
      for (let i = 0; i < 40 && s.state !== 'atomic'; i++) {
        await call(page, 'tricolor_gc_step_phase');
        s = await summary(page);
      }
      assert(s.state === 'atomic', `never reached atomic (${s.state})`);
      assert(s.mutatorLocked && s.program === 'mutator locked', `not locked: ${JSON.stringify(s)}`);
      const before = s.instructions;
      await call(page, 'tricolor_step_instruction');
      s = await summary(page);
      assert(s.instructions === before, 'an instruction ran inside atomic');
      await frames(page);
      await shot(page, 'viz-mutator-locked');
      // Run: the playground finishes atomic (one sub-step per frame), then the program goes on.
      await call(page, 'tricolor_run');
      await page.waitForFunction(() => {
        const x = JSON.parse(window.Module.UTF8ToString(window.Module._tricolor_viz_frame_summary()));
        return !x.mutatorLocked && x.program === 'running';
      }, null, { timeout: 20000 });
      await frames(page, 5);
      s = await summary(page);
      assert(s.instructions > before, 'the program did not continue after atomic');
      await call(page, 'tricolor_pause');
      return `locked at atomic, then ${s.instructions - before} instructions after it`;
    },
  },
  {
    name: 'viz-heap-map',
    context: { viewport: { width: 1400, height: 900 } },
    async run({ page, url, assert }) {
      await openPage(page, url);
      assert(await load(page, 't = {} for i = 1, 20000 do t[i] = {} end') === 1, 'no load');
      await call(page, 'tricolor_run');
      await page.waitForFunction(() => JSON.parse(window.Module.UTF8ToString(
        window.Module._tricolor_viz_frame_summary())).program === 'finished', null, { timeout: 20000 });
      await call(page, 'tricolor_viz_show_map', 1);
      let s = await summary(page);
      for (let i = 0; i < 20 && s.state !== 'propagate'; i++) {
        await call(page, 'tricolor_gc_step_phase');
        s = await summary(page);
      }
      // Auto-step a few thousand units (the way a user would watch a big heap), then stop.
      await call(page, 'tricolor_viz_set_auto_step', 1, 3000);
      await page.waitForTimeout(1500);
      await call(page, 'tricolor_viz_set_auto_step', 0, 3000);
      await frames(page);
      const { png } = await shot(page, 'viz-heap-map');
      const fills = countFills(png);
      s = await summary(page);
      assert(s.objects > 20000, `expected a big heap, got ${s.objects}`);
      assert(s.state === 'propagate', `auto-step went past propagate: ${s.state}`);
      // Cells are a few pixels each: thousands of black cells behind the frontier, and the gray or
      // white rest.
      assert(fills.black > 2000 && fills.gray + fills.white > 20000,
             `the map does not show the marking: ${JSON.stringify(fills)}`);
      return `${s.objects} objects (heap ${JSON.stringify(s.heap)}), map pixels ${JSON.stringify(fills)}`;
    },
  },
  ...(process.env.TRICOLOR_VIZ_FRAMES ? [frameTimeTest] : []),
];
