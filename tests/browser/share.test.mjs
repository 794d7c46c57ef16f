// Share links (issue 8 point 3): a session recorded in one page, copied as a link, opened in a
// fresh page, replays to the same heap ("reproduced ✓", same digest); the native
// `tricolor --replay` of the same link reproduces it too (portable digest, core/digest.h);
// malformed, truncated, oversized and hostile links give a clear message and an empty playground.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(HERE, '..', '..');
// Screenshots of the recording page (the runner saves the test page's own).
const SHOTS = process.env.TRICOLOR_SHARE_SCREENSHOTS || path.join(ROOT, 'build', 'screenshots-share');

async function openPage(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.tricolor && window.tricolor.ready && window.tricolor.frameCount() > 5,
                             null, { timeout: 60000 });
}

async function waitForState(page, pattern, timeout = 30000) {
  await page.waitForFunction((s) => new RegExp(s).test(window.tricolor.status().state), pattern.source, { timeout })
    .catch(async () => {
      const now = await page.evaluate(() => window.tricolor.status());
      throw new Error(`state did not match ${pattern} within ${timeout} ms: ${JSON.stringify(now)}`);
    });
}

// The collector is stopped (collectgarbage "stop"): only the steps the test clicks move it, so the
// heap evolves the same way in the 32-bit browser and in a 64-bit native replay. Its pacing is
// set so that the one automatic step before "stop" (paced in bytes: object sizes differ between
// the widths) finishes a whole cycle on both.
const SCRIPT = `collectgarbage("stop")
local keep = {}
for i = 1, 300 do keep[i] = {id = i, name = "n" .. i} end
print("first batch", #keep)
local line = io.read()
for i = 1, 300 do
  keep[i].next = {line, i}
  if i % 3 == 0 then keep[i] = nil end
end
print("second batch", line)
io.read()
local weak = setmetatable({}, {__mode = "k"})
for i = 1, 100 do weak[{}] = i end
print("done")
`;

// Records a session with collector steps in the middle of a cycle and two stdin lines.
// Ends a recorded session the same way: an empty input line ends the program, three collector
// units after it, then Copy link. Returns the digest at that point and the copied link (the share
// dialog stays open).
async function finishAndCopyLink(page) {
  await page.fill('#input-line', '');
  await page.press('#input-line', 'Enter');
  await waitForState(page, /finished/);
  for (let i = 0; i < 3; i++) await page.evaluate(() => window.tricolor.gcStep('unit'));
  const digest = await page.evaluate(() => window.tricolor.digest());
  await page.click('#copy-link');
  await page.waitForSelector('#share-dialog[open]');
  const link = await page.evaluate(() => window.tricolor.lastCopied);
  return { digest, link };
}

async function recordSession(page, url) {
  await openPage(page, url);
  await page.evaluate((t) => window.tricolor.editor.setText(t), SCRIPT);
  await page.evaluate(() => window.tricolor.setGcParameters(200, 1000000, 20));
  await page.click('#run');
  await waitForState(page, /input/);
  for (let i = 0; i < 40; i++) await page.evaluate(() => window.tricolor.gcStep('unit'));
  await page.fill('#input-line', 'hello');
  await page.press('#input-line', 'Enter');
  await page.waitForFunction(() => window.tricolor.consoleText().includes('second batch'));
  await waitForState(page, /input/);
  await page.evaluate(() => window.tricolor.gcStep('phase'));
  for (let i = 0; i < 7; i++) await page.evaluate(() => window.tricolor.gcStep('unit'));
  const { digest, link: url2 } = await finishAndCopyLink(page);
  const shown = await page.inputValue('#share-text');
  return { digest, link: url2, shown };
}

// A native build's CLI: $TRICOLOR_NATIVE, else the more recently built of the two preset trees
// (the test command builds native-debug; a stale native-release may not read today's link
// format), else another tree. Null when none was built (tests need not build it).
function nativeTricolor() {
  if (process.env.TRICOLOR_NATIVE) return existsSync(process.env.TRICOLOR_NATIVE) ? process.env.TRICOLOR_NATIVE : null;
  const built = (names) => names.map((c) => path.join(ROOT, 'build', c, 'tricolor')).filter((c) => existsSync(c))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return built(['native-debug', 'native-release'])[0] || built(['web-native', 'interp-rel'])[0] || null;
}

// A session with a Web Worker: the main script spawns it, and while the collector is stopped in
// the middle of a cycle (units clicked at the first read) it sends three messages and receives
// three replies (tables with integers, floats, booleans and strings); the worker's output and its
// end notice arrive too. At the second read a phase and more units are clicked; at the end, three
// units. The recording carries the messages as deliveries at the main VM's instruction counts.
const WORKER_SCRIPT = `collectgarbage("stop")
local keep = {}
for i = 1, 200 do keep[i] = {id = i, name = "n" .. i} end
local w = worker.spawn([[
  print("worker up")
  for i = 1, 3 do
    local m = worker.receive()
    worker.send({n = m.n * 2, tag = "pong " .. m.n, list = {m.n, m.n + 0.5, true}})
  end
]])
print("spawned", w)
io.read()
for r = 1, 3 do
  w:send({n = r, pad = string.rep("x", r)})
  local m = w:receive()
  keep[#keep + 1] = m
  keep[r * 7].peer = m
  print("got", m.n, m.tag, math.type(m.list[1]), m.list[2], m.list[3])
end
io.read()
for i = 1, 200, 2 do keep[i] = nil end
print("then", select(2, pcall(w.receive, w)))
print("done")
`;
const WORKER_OUTPUT = ['spawned\tworker 1', 'got\t2\tpong 1\tinteger\t1.5\ttrue', 'got\t4\tpong 2\tinteger\t2.5\ttrue',
  'got\t6\tpong 3\tinteger\t3.5\ttrue', 'then\tworker 1 finished', 'done'];

// The collector's state as the visualizer's last frame shows it ("propagate", "atomic", ...).
async function gcState(page) {
  const before = await page.evaluate(() => window.tricolor.frameCount());
  await page.waitForFunction((n) => window.tricolor.frameCount() > n + 1, before);
  return page.evaluate(() => JSON.parse(window.Module.UTF8ToString(window.Module._tricolor_viz_frame_summary())).state);
}

async function recordWorkerSession(page, url) {
  await openPage(page, url);
  await page.evaluate((t) => window.tricolor.editor.setText(t), WORKER_SCRIPT);
  await page.evaluate(() => window.tricolor.setGcParameters(200, 1000000, 20));
  await page.click('#run');
  await waitForState(page, /input/);
  // Into the middle of a cycle: marking, not finished.
  for (let i = 0; i < 12; i++) await page.evaluate(() => window.tricolor.gcStep('unit'));
  const midCycle = await gcState(page);
  await page.fill('#input-line', 'go');
  await page.press('#input-line', 'Enter');
  await page.waitForFunction(() => window.tricolor.consoleText().includes('got\t6'), null, { timeout: 30000 });
  await waitForState(page, /input/);
  const afterMessages = await gcState(page); // the exchange did not finish the cycle (no automatic steps)
  await page.evaluate(() => window.tricolor.gcStep('phase'));
  // Units out of the atomic phase (the program cannot run inside it), at least five.
  let units = 0;
  while (units < 5 || (units < 40 && (await gcState(page)) === 'atomic')) {
    await page.evaluate(() => window.tricolor.gcStep('unit'));
    units++;
  }
  const { digest, link } = await finishAndCopyLink(page);
  await page.click('#share-close');
  return { digest, link, midCycle, afterMessages, console: await page.evaluate(() => window.tricolor.consoleText()) };
}

// The link's payload ("1.<base64url>"), what `tricolor --replay` and the .link files take.
function payloadOf(link) {
  return link.slice(link.indexOf('#r=') + 3);
}

function base64Url(bytes) {
  return Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
function varint(n) {
  const out = [];
  let x = BigInt(n);
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80);
    x >>= 7n;
  }
  out.push(Number(x));
  return out;
}
// A well-formed link (docs/replay.md: "TR" v1, fields; stored container) whose script never ends
// and whose recording runs "to the end": the replay must stop at its instruction bound.
function endlessLink() {
  const source = [...Buffer.from('local n = 0 while true do n = n + 1 end')];
  // Field 3: the main script; field 20: the cursor at step 1 (the end), so opening it replays.
  const recording = [0x54, 0x52, 1, ...varint((3 << 3) | 2), ...varint(source.length), ...source,
                     ...varint(20 << 3), ...varint(1)];
  const container = [0, ...varint(recording.length), ...recording];
  return `1.${base64Url(container)}`;
}

// A decompression bomb: an LZ77 container (method 1) declaring a 1 GB recording.
function bombLink() {
  const container = [1, ...varint(1 << 30), 5, 0x54, 0x52, 1, 0x1a, 0x00, 1, ...varint(1 << 20)];
  return `1.${base64Url(container)}`;
}
// Well formed, hostile: one gc-cycle action asking for 2^32 full cycles at the first instruction.
function cycleBombLink() {
  const source = [...Buffer.from('local t = {} for i = 1, 200 do t[i] = {i} end print(#t)')];
  const actions = [1, 3, 0, ...varint(2 ** 32)]; // count 1; kind 3 (gc-cycle), delta 0, repeat 2^32
  const recording = [0x54, 0x52, 1, ...varint((3 << 3) | 2), ...varint(source.length), ...source,
                     ...varint((18 << 3) | 2), ...varint(actions.length), ...actions,
                     ...varint(20 << 3), ...varint(2)];
  const container = [0, ...varint(recording.length), ...recording];
  return `1.${base64Url(container)}`;
}

export const tests = [
  {
    name: 'share-link-reproduces-in-a-fresh-page',
    async run({ page, url, assert }) {
      // Recorded in another page of the same browser context; opened in the fresh test page.
      const recorder = await page.context().newPage();
      const recorded = await recordSession(recorder, url);
      mkdirSync(SHOTS, { recursive: true });
      await recorder.screenshot({ path: path.join(SHOTS, 'share-link-recorded.png') });
      await recorder.close();
      assert(recorded.link && recorded.link.includes('#r=1.'), `no link was copied: ${recorded.link}`);
      assert(recorded.shown === recorded.link, 'the share dialog does not show the copied link');
      assert(/^[0-9a-f]{16}$/.test(recorded.digest.digest), `bad digest ${JSON.stringify(recorded.digest)}`);

      await openPage(page, recorded.link);
      await page.waitForFunction(() => window.tricolor.replayStatus().message !== '', null, { timeout: 30000 });
      const verdict = await page.evaluate(() => window.tricolor.replayStatus());
      assert(verdict.ok && verdict.message.startsWith('reproduced ✓'), `replay verdict: ${verdict.message}`);
      const bar = await page.textContent('#status-replay');
      assert(bar.includes('reproduced ✓'), `the status bar says "${bar}"`);
      const replayed = await page.evaluate(() => window.tricolor.digest());
      assert(replayed.digest === recorded.digest.digest,
             `digest after the replay ${replayed.digest}, recorded ${recorded.digest.digest}`);
      const text = await page.evaluate(() => window.tricolor.editor.getText());
      assert(text === SCRIPT, 'the editor does not show the link\'s script');
      const consoleText = await page.evaluate(() => window.tricolor.consoleText());
      assert(consoleText.includes('second batch\thello') && consoleText.includes('done'),
             `the replay's output is not in the console: ${consoleText.slice(-300)}`);

      // The bug report carries the link, the script and the digests.
      const report = await page.evaluate(() => window.tricolor.copyReport());
      assert(report.includes('#r=1.') && report.includes('collectgarbage("stop")') &&
             report.includes(recorded.digest.digest) && report.includes('pause 200'),
             `bug report lacks something:\n${report}`);
      await page.click('#share-close');

      return `digest ${replayed.digest} (portable ${replayed.portable})`;
    },
  },
  {
    // The same link replayed by the native CLI (64-bit): the same output, no replay error, and a
    // verdict from the portable digest (core/digest.h). Needs a native build (build/native-release or native-debug, or
    // $TRICOLOR_NATIVE).
    name: 'share-link-native-replay',
    async run({ page, url, assert }) {
      const native = nativeTricolor();
      assert(native, 'no native build of tricolor to replay the link with');
      const recorded = await recordSession(page, url);
      await page.click('#share-close');
      const payload = recorded.link.slice(recorded.link.indexOf('#r=') + 3);
      const result = spawnSync(native, ['--replay', payload], { encoding: 'utf8', timeout: 60000 });
      assert(result.stdout.includes('first batch\t300\nsecond batch\thello\ndone\n'),
             `the native replay printed something else:\n${result.stdout}\n${result.stderr}`);
      // Replayed to the end without a replay error or a validator failure, to the same portable
      // digest. (Runs used to differ: the worker library's registry keys were light userdata
      // hashed by address, so the registry's layout, and the traversal order, changed with ASLR.)
      assert(!/tricolor: /.test(result.stderr), `native replay (${native}) failed:\n${result.stdout}\n${result.stderr}`);
      const verdict = result.stdout.trim().split('\n').pop();
      assert(verdict.startsWith('reproduced ✓'), `the native replay did not reproduce the heap: ${verdict}`);
      return `${native}: ${verdict} (browser portable digest ${recorded.digest.portable})`;
    },
  },
  {
    // Issue 8, "Checked by": a recording with worker messages and collector steps in the middle of
    // a cycle, opened in a fresh page, reproduces the same digest; the same link replayed by the
    // native `tricolor --replay` checks every digest it can (the portable ones, digest.h) and
    // reproduces too.
    name: 'share-link-with-worker-messages-mid-cycle',
    async run({ page, url, assert }) {
      const recorder = await page.context().newPage();
      const recorded = await recordWorkerSession(recorder, url);
      mkdirSync(SHOTS, { recursive: true });
      await recorder.screenshot({ path: path.join(SHOTS, 'share-link-workers-recorded.png') });
      await recorder.close();
      for (const line of WORKER_OUTPUT)
        assert(recorded.console.includes(line), `the recorded run did not print "${line}":\n${recorded.console}`);
      assert(recorded.console.includes('[worker 1] worker up'), 'no output from the worker');
      assert(['propagate', 'atomic'].includes(recorded.midCycle) && recorded.afterMessages === recorded.midCycle,
             `not in the middle of a cycle: after the units ${recorded.midCycle}, after the messages ${recorded.afterMessages}`);
      assert(recorded.link && recorded.link.includes('#r=1.'), `no link was copied: ${recorded.link}`);
      if (process.env.TRICOLOR_SAVE_LINK) writeFileSync(process.env.TRICOLOR_SAVE_LINK, `${payloadOf(recorded.link)}\n`);

      // A fresh page (another context: nothing shared with the recording page).
      const fresh = await page.context().browser().newContext({ viewport: { width: 1280, height: 720 } });
      const other = await fresh.newPage();
      const errors = [];
      other.on('pageerror', (e) => errors.push(e.message));
      await openPage(other, recorded.link);
      await other.waitForFunction(() => window.tricolor.replayStatus().message !== '', null, { timeout: 60000 });
      const verdict = await other.evaluate(() => window.tricolor.replayStatus());
      const replayed = await other.evaluate(() => window.tricolor.digest());
      const replayConsole = await other.evaluate(() => window.tricolor.consoleText());
      await other.screenshot({ path: path.join(SHOTS, 'share-link-workers-replayed.png') });
      await fresh.close();
      assert(errors.length === 0, `page errors in the fresh page: ${errors.join('; ')}`);
      assert(verdict.ok && verdict.message.startsWith('reproduced ✓'), `fresh page verdict: ${verdict.message}`);
      assert(replayed.digest === recorded.digest.digest && replayed.portable === recorded.digest.portable,
             `fresh page digest ${JSON.stringify(replayed)}, recorded ${JSON.stringify(recorded.digest)}`);
      for (const line of WORKER_OUTPUT)
        assert(replayConsole.includes(line), `the replay in the fresh page did not print "${line}"`);

      // The test page opens it too (its screenshot is the runner's), then the native replay.
      await openPage(page, recorded.link);
      await page.waitForFunction(() => window.tricolor.replayStatus().message !== '', null, { timeout: 60000 });
      const bar = await page.textContent('#status-replay');
      assert(bar.includes('reproduced ✓'), `the status bar says "${bar}"`);

      const native = nativeTricolor();
      assert(native, 'no native build of tricolor to replay the link with');
      const result = spawnSync(native, ['--replay', payloadOf(recorded.link)], { encoding: 'utf8', timeout: 120000 });
      const expectedOut = `${WORKER_OUTPUT.slice(0, 1).join('\n')}\n`;
      assert(result.stdout.startsWith(expectedOut) && WORKER_OUTPUT.every((l) => result.stdout.includes(`${l}\n`)),
             `the native replay printed something else:\n${result.stdout}\n${result.stderr}`);
      assert(result.status === 0 && !/tricolor: /.test(result.stderr),
             `native replay (${native}) failed (status ${result.status}):\n${result.stdout}\n${result.stderr}`);
      const lines = result.stdout.trim().split('\n');
      const nativeVerdict = lines.pop();
      const digestLine = lines.pop();
      const checked = /^reproduced ✓ \((\d+) digests checked/.exec(nativeVerdict);
      assert(checked, `the native replay did not reproduce the heap: ${nativeVerdict}`);
      // Every collector step carries a portable digest, and the end one: all were compared.
      assert(Number(checked[1]) >= 12 + 1 + 5 + 3 + 1, `only ${checked[1]} digests were compared natively`);
      // The full digests hash object sizes (pointer width): the native replay says it skipped them.
      assert(/full digests of this 32-bit recording not comparable on a 64-bit build/.test(nativeVerdict),
             `the native verdict does not account for the full digests: ${nativeVerdict}`);
      return `browser ${recorded.digest.digest} (portable ${recorded.digest.portable}, gc ${recorded.midCycle} during the ` +
             `messages); fresh page ${verdict.message}; native ${native}: ${digestLine}; ${nativeVerdict}`;
    },
  },
  {
    name: 'share-link-malformed-truncated-oversized-hostile',
    async run({ page, url, assert }) {
      await openPage(page, `${url}#r=1.this-is-not-a-recording!`);
      await page.waitForFunction(() => window.tricolor.replayStatus().message !== '');
      let verdict = await page.evaluate(() => window.tricolor.replayStatus());
      assert(verdict.message.startsWith('share link:') && !verdict.ok, `malformed: ${verdict.message}`);
      let status = await page.evaluate(() => window.tricolor.status());
      assert(status.state === 'idle' && status.instructions === 0, `not an empty playground: ${JSON.stringify(status)}`);

      // Truncated: a real link cut in half.
      await page.evaluate(() => window.tricolor.editor.setText('local t = {} for i = 1, 50 do t[i] = {} end print(#t)'));
      await page.click('#run');
      await waitForState(page, /finished/);
      const good = await page.evaluate(() => window.tricolor.shareLink());
      const cases = {
        truncated: good.slice(0, Math.floor(good.length / 2)),
        'bad version': `7.${good.slice(2)}`,
        'bad base64': `1.${'@'.repeat(40)}`,
        oversized: `1.${'A'.repeat(3 * 1024 * 1024)}`,
        'decompression bomb': bombLink(),
        empty: '',
      };
      const messages = [];
      for (const [what, link] of Object.entries(cases)) {
        const result = await page.evaluate((l) => window.tricolor.openLink(`#r=${l}`), link);
        assert(!result.ok && /^share link: /.test(result.message), `${what}: ${JSON.stringify(result).slice(0, 200)}`);
        status = await page.evaluate(() => window.tricolor.status());
        assert(status.state === 'idle', `${what}: state ${status.state}`);
        messages.push(`${what}: ${result.message}`);
      }

      // Hostile but well formed: a script that never ends, replayed "to the end": bounded.
      const started = Date.now();
      const hostile = await page.evaluate((l) => window.tricolor.openLink(`#r=${l}`), endlessLink());
      assert(hostile.ok && hostile.message.startsWith('diverged ✗'), `endless link: ${hostile.message}`);
      assert(Date.now() - started < 20000, 'the endless link held the page too long');
      messages.push(`endless: ${hostile.message}`);
      assert(messages.some((m) => m === 'decompression bomb: share link: too large (limit 1 MB decoded)'),
             `the bomb: ${messages.find((m) => m.startsWith('decompression bomb'))}`);

      // Hostile but well formed: 2^32 collector cycles asked for: bounded by the replay's unit cap.
      const cycleStarted = Date.now();
      const cycles = await page.evaluate((l) => window.tricolor.openLink(`#r=${l}`), cycleBombLink());
      const cycleMillis = Date.now() - cycleStarted;
      assert(!cycles.ok || cycles.message.startsWith('diverged ✗'), `cycle bomb: ${cycles.message}`);
      assert(/collector units were asked for/.test(cycles.message), `cycle bomb: ${cycles.message}`);
      assert(cycleMillis < 60000, `the cycle bomb held the page ${cycleMillis} ms`);
      messages.push(`2^32 cycles (${cycleMillis} ms): ${cycles.message}`);

      // The page still works.
      await page.evaluate(() => window.tricolor.editor.setText('print("still working")'));
      await page.click('#run');
      await waitForState(page, /finished/);
      await page.waitForFunction(() => window.tricolor.consoleText().includes('still working'));
      // Show the malformed-link state for the screenshot.
      await page.evaluate(() => window.tricolor.openLink('#r=1.broken'));
      return messages.join('; ');
    },
  },
];
