// Step back and the timeline scrubber (issue 8 point 4): every step of a session (instruction,
// collector unit, phase, stdin line) is a timeline point; "Step back" and the scrubber rebuild an
// earlier point by replaying the recording, and the heap is exactly the one the session had there
// (same digest, core/digest.h).
async function openPage(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.tricolor && window.tricolor.ready && window.tricolor.frameCount() > 5,
                             null, { timeout: 60000 });
}

const SCRIPT = `local list = nil
for i = 1, 40 do list = {value = i, next = list, name = "node " .. i} end
local cache = setmetatable({}, {__mode = "v"})
for i = 1, 20 do cache[i] = {i} end
print("built", list.value)
`;

const digest = (page) => page.evaluate(() => window.tricolor.digest().digest);
const status = (page) => page.evaluate(() => window.tricolor.status());
// The playground's frame summary: checkpoints parked, jumps made from one, where the last jump
// started (-1: replayed from the start) and how long it took.
const summary = (page) => page.evaluate(
  () => JSON.parse(window.Module.UTF8ToString(window.Module._tricolor_viz_frame_summary())));
// Goes to timeline point `p` (stepBack when p is 'back'), timed inside the page.
const timedJump = (page, p) => page.evaluate((target) => {
  const t0 = performance.now();
  const ok = target === 'back' ? window.tricolor.stepBack() : window.tricolor.timelineJump(target);
  return { ok, millis: performance.now() - t0 };
}, p);

// A long run (about 10^7 instructions) before a few collector steps: going back one step replays
// the recording from the start (viz/playground.cpp jumpTo -> core/replay.h Replayer), so its
// cost grows with the instruction count. Measured here, in the page, with performance.now().
const LONG_SCRIPT = `local acc = 0
for i = 1, 3400000 do acc = acc + i % 7 end
local t = {}
for i = 1, 500 do t[i] = {i, tostring(i)} end
print("sum", acc)
io.read()
print("end")
`;

export const tests = [
  {
    name: 'stepback-returns-the-exact-previous-heap',
    async run({ page, url, assert }) {
      await openPage(page, url);
      await page.evaluate((t) => window.tricolor.editor.setText(t), SCRIPT);
      // Steps of every kind, remembering the digest at each point.
      const seen = [];
      const remember = async (what) => {
        const s = await status(page);
        seen.push({ what, cursor: s.cursor, points: s.timeline, instructions: s.instructions, digest: await digest(page) });
      };
      await page.click('#step-instruction'); // loads the script and runs its first instruction
      await remember('instruction 1');
      for (let i = 0; i < 30; i++) await page.evaluate(() => window.tricolor.stepInstruction());
      await remember('30 instructions');
      await page.evaluate(() => window.tricolor.gcStep('unit'));
      await remember('gc unit');
      for (let i = 0; i < 5; i++) await page.evaluate(() => window.tricolor.gcStep('unit'));
      await remember('5 gc units');
      await page.evaluate(() => window.tricolor.stepLine());
      await remember('a line');
      await page.evaluate(() => window.tricolor.gcStep('phase'));
      await remember('gc phase');
      for (let i = 0; i < 10; i++) await page.evaluate(() => window.tricolor.stepInstruction());
      await page.evaluate(() => window.tricolor.gcStep('unit'));
      await remember('10 instructions and a unit');
      const last = seen[seen.length - 1];
      assert(last.cursor === last.points - 1, `the cursor is not at the latest point: ${JSON.stringify(last)}`);

      // Step back one point: the heap before the last unit (after the 10 instructions).
      assert(await page.evaluate(() => window.tricolor.stepBack()), 'step back refused');
      let s = await status(page);
      assert(s.cursor === last.cursor - 1, `cursor ${s.cursor} after one step back from ${last.cursor}`);
      assert(s.instructions === last.instructions, 'stepping back over a collector unit changed the instruction count');
      const beforeUnit = await digest(page);
      assert(beforeUnit !== last.digest, 'stepping back over a collector unit left the same heap');

      // Back to each remembered point, newest first: exactly the heap seen there.
      for (const point of [...seen].reverse().slice(1)) {
        assert(await page.evaluate((p) => window.tricolor.timelineJump(p), point.cursor), `jump to ${point.cursor} refused`);
        s = await status(page);
        const d = await digest(page);
        assert(s.instructions === point.instructions && d === point.digest,
               `${point.what}: instructions ${s.instructions}/${point.instructions}, digest ${d}/${point.digest}`);
      }
      // And forward again to the latest point with the scrubber.
      const scrub = await page.$('#timeline');
      await scrub.evaluate((el, v) => {
        el.value = String(v);
        el.dispatchEvent(new Event('change'));
      }, last.cursor);
      s = await status(page);
      assert(s.cursor === last.cursor && (await digest(page)) === last.digest, 'forward with the scrubber: not the latest heap');

      // The Step back button: one point back, then a new step there starts a new branch.
      await page.click('#step-back');
      s = await status(page);
      assert(s.cursor === last.cursor - 1, 'the Step back button did not go back one point');
      await page.evaluate(() => window.tricolor.gcStep('phase'));
      s = await status(page);
      assert(s.cursor === s.timeline - 1 && s.timeline === last.points, `a new step after going back: ${JSON.stringify(s)}`);
      assert((await digest(page)) !== beforeUnit, 'the new phase step changed nothing');
      await page.click('#step-back');
      s = await status(page);
      assert(s.cursor === last.cursor - 1 && (await digest(page)) === beforeUnit,
             `back from the new branch: ${JSON.stringify(s)}`);
      return `${seen.length} points checked; digests ${seen.map((p) => p.digest.slice(0, 6)).join(' ')}`;
    },
  },
  {
    name: 'stepback-after-ten-million-instructions',
    async run({ page, url, assert }) {
      await openPage(page, url);
      await page.evaluate((t) => window.tricolor.editor.setText(t), LONG_SCRIPT);
      const runStarted = Date.now();
      await page.click('#run');
      await page.waitForFunction(() => /input/.test(window.tricolor.status().state), null, { timeout: 120000 });
      const runMillis = Date.now() - runStarted;
      const points = [];
      for (let i = 0; i < 3; i++) {
        await page.evaluate(() => window.tricolor.gcStep('unit'));
        points.push({ status: await status(page), digest: await digest(page) });
      }
      const last = points[points.length - 1];
      assert(last.status.instructions >= 10000000, `only ${last.status.instructions} instructions ran`);
      // One step back (over the last unit), timed inside the page.
      const back = await page.evaluate(() => {
        const t0 = performance.now();
        const ok = window.tricolor.stepBack();
        return { ok, millis: performance.now() - t0 };
      });
      assert(back.ok, 'step back refused');
      let s = await status(page);
      assert(s.cursor === last.status.cursor - 1 && (await digest(page)) === points[1].digest,
             `one step back: ${JSON.stringify(s)}, digest ${await digest(page)} (expected ${points[1].digest})`);
      // The scrubber to the point before the first unit (the read, after the long loop).
      const jump = await page.evaluate((p) => {
        const t0 = performance.now();
        const ok = window.tricolor.timelineJump(p);
        return { ok, millis: performance.now() - t0 };
      }, points[0].status.cursor - 1);
      assert(jump.ok, 'timeline jump refused');
      s = await status(page);
      assert(s.instructions === points[0].status.instructions && /input/.test(s.state),
             `jump to the read: ${JSON.stringify(s)}`);
      // Going back must stay usable on a sample this long (generous bound for a loaded machine).
      assert(back.millis < 20000 && jump.millis < 20000, `step back took ${back.millis} ms, jump ${jump.millis} ms`);
      return `${last.status.instructions} instructions (run ${runMillis} ms click to input): step back ` +
             `${back.millis.toFixed(0)} ms, jump ${jump.millis.toFixed(0)} ms`;
    },
  },
  {
    name: 'stepback-from-checkpoints-after-ten-million-instructions',
    async run({ page, url, assert }) {
      // Idle frames park Replayers at the points before the cursor and at the latest one
      // (docs/replay.md, checkpoints); going back then advances the nearest one instead of
      // replaying 10^7 instructions again. Every point must keep the digest first seen there.
      await openPage(page, url);
      await page.evaluate((t) => window.tricolor.editor.setText(t), LONG_SCRIPT);
      await page.click('#run');
      await page.waitForFunction(() => /input/.test(window.tricolor.status().state), null, { timeout: 120000 });
      const seen = new Map(); // cursor -> digest when the point was first reached
      const read = await status(page);
      seen.set(read.cursor, await digest(page));
      // Three collector units and a step back in one go (no frame in between, so no checkpoint
      // can exist yet past the read): this step back replays from the start.
      const first = await page.evaluate(() => {
        const t = window.tricolor;
        const steps = [];
        for (let i = 0; i < 3; i++) {
          t.gcStep('unit');
          steps.push({ cursor: t.status().cursor, digest: t.digest().digest });
        }
        const t0 = performance.now();
        const ok = t.stepBack();
        return { steps, ok, millis: performance.now() - t0 };
      });
      for (const p of first.steps) seen.set(p.cursor, p.digest);
      const top = first.steps[2].cursor;
      assert(top === read.cursor + 3, `points: read at ${read.cursor}, latest ${top}`);
      assert(first.ok, 'the first step back refused');
      let sum = await summary(page);
      assert(sum.lastJumpFrom === -1, `the first step back did not replay from the start: ${JSON.stringify(sum)}`);
      const checkDigest = async (what) => {
        const s = await status(page);
        const d = await digest(page);
        assert(seen.has(s.cursor) && d === seen.get(s.cursor),
               `${what}: at point ${s.cursor}, digest ${d}, first seen ${seen.get(s.cursor)}`);
        return s;
      };
      await checkDigest('step back from the start');
      const settle = () => page.waitForFunction(
        () => JSON.parse(window.Module.UTF8ToString(window.Module._tricolor_viz_frame_summary())).checkpointsPending === 0,
        null, { timeout: 60000 });

      // Once the idle frames built them, a step back starts from a checkpoint.
      const settleStart = Date.now();
      await settle();
      const settleMillis = Date.now() - settleStart;
      const before = await summary(page);
      const back = await timedJump(page, 'back');
      assert(back.ok, 'step back refused');
      sum = await summary(page);
      await checkDigest('step back from a checkpoint');
      assert(sum.checkpointJumps === before.checkpointJumps + 1 && sum.lastJumpFrom >= 10000000,
             `step back did not start from a checkpoint: ${JSON.stringify(sum)}`);
      assert(back.millis < first.millis,
             `step back from a checkpoint took ${back.millis} ms, from the start ${first.millis} ms`);

      // Scrub forward and back: every point has the digest first seen there.
      const timings = [];
      let fromCheckpoint = 0;
      for (const target of [top, top - 1, read.cursor, top, top - 2, top - 1, read.cursor]) {
        await settle();
        const j = await timedJump(page, target);
        assert(j.ok, `jump to ${target} refused`);
        sum = await summary(page);
        const s = await checkDigest(`jump to ${target}`);
        assert(s.cursor === target, `jump to ${target} went to ${s.cursor}`);
        if (sum.lastJumpFrom >= 0) fromCheckpoint++;
        timings.push(`${target}:${j.millis.toFixed(0)}${sum.lastJumpFrom >= 0 ? 'c' : 's'}`);
      }
      assert(fromCheckpoint === 7, `only ${fromCheckpoint} of 7 jumps started from a checkpoint: ${timings}`);
      // A new branch after going back drops the checkpoints past it; going back still gives the
      // heap first seen there.
      await page.evaluate(() => window.tricolor.gcStep('phase'));
      const branch = await status(page);
      seen.set(branch.cursor, await digest(page));
      await settle();
      assert((await timedJump(page, 'back')).ok, 'step back on the new branch refused');
      await checkDigest('step back on the new branch');
      assert((await timedJump(page, branch.cursor)).ok, 'forward on the new branch refused');
      await checkDigest('forward on the new branch');
      return `step back: from the start ${first.millis.toFixed(1)} ms, from a checkpoint ` +
             `${back.millis.toFixed(1)} ms (checkpoints built in ${settleMillis} ms of idle frames); ` +
             `scrub (point:ms, c = from a checkpoint) ${timings.join(' ')}`;
    },
  },
  {
    name: 'stepback-over-stdin-and-program-end',
    async run({ page, url, assert }) {
      await openPage(page, url);
      await page.evaluate(() => window.tricolor.editor.setText(
        'local t = {}\nlocal a = io.read()\nfor i = 1, 30 do t[i] = a .. i end\nprint("read " .. a, #t)'));
      await page.click('#run');
      await page.waitForFunction(() => /input/.test(window.tricolor.status().state));
      const waiting = { status: await status(page), digest: await digest(page) };
      await page.fill('#input-line', 'abc');
      await page.press('#input-line', 'Enter');
      await page.waitForFunction(() => window.tricolor.status().state === 'finished');
      const finished = { status: await status(page), digest: await digest(page) };
      assert(await page.evaluate(() => window.tricolor.stepBack()), 'step back refused');
      let s = await status(page);
      assert(/input/.test(s.state) && s.instructions === waiting.status.instructions &&
             (await digest(page)) === waiting.digest,
             `back to the waiting read: ${JSON.stringify(s)}`);
      // The program waits again: a different line takes it down another branch.
      await page.fill('#input-line', 'a much longer line');
      await page.press('#input-line', 'Enter');
      await page.waitForFunction(() => window.tricolor.status().state === 'finished');
      await page.waitForFunction(() => window.tricolor.consoleText().includes('read a much longer line'));
      assert((await digest(page)) !== finished.digest, 'another input line gave the same heap');
      return `waiting at ${waiting.status.instructions} instructions, finished at ${finished.status.instructions}`;
    },
  },
];
