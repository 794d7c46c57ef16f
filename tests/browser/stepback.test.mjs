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
