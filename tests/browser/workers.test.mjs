// Browser tests of Lua workers on real Web Workers (web/workers.cpp, web/worker.js): each
// worker.spawn starts a Web Worker running its own VM from the same tricolor.wasm; only wire bytes
// and control notices cross postMessage. The runner (run.mjs) fails a test on any console error or
// page error and saves a screenshot after it.

// Screenshots in the middle of a test (the runner saves the final one): only when
// TRICOLOR_WORKER_SHOTS names a directory.
async function snapshot(page, name) {
  const dir = process.env.TRICOLOR_WORKER_SHOTS;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png` });
}

async function openPage(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.tricolor && window.tricolor.ready && window.tricolor.frameCount() > 5,
                             null, { timeout: 60000 });
}

const status = (page) => page.evaluate(() => window.tricolor.status());
const consoleText = (page) => page.evaluate(() => window.tricolor.consoleText());
const frames = (page) => page.evaluate(() => window.tricolor.frameCount());
// Web Workers alive in the page, as the page's transport counts them.
const liveWebWorkers = (page) => page.evaluate(() => (window.Module.tricolorWorkerHub
  ? window.Module.tricolorWorkerHub.count() : 0));

async function waitForState(page, pattern, timeout = 30000) {
  const source = pattern.source;
  await page.waitForFunction((s) => new RegExp(s).test(window.tricolor.status().state), source, { timeout })
    .catch(async () => {
      throw new Error(`state did not match /${source}/ within ${timeout} ms: ${JSON.stringify(await status(page))}; ` +
                      `console: ${(await consoleText(page)).slice(-600)}`);
    });
}

async function waitForConsole(page, needle, timeout = 30000) {
  await page.waitForFunction((n) => window.tricolor.consoleText().includes(n), needle, { timeout })
    .catch(async () => {
      throw new Error(`the console never showed "${needle}"; it shows: ${(await consoleText(page)).slice(-600)}`);
    });
}

async function runScript(page, source) {
  await page.evaluate((s) => window.tricolor.editor.setText(s), source);
  await page.evaluate(() => window.tricolor.run());
}

async function waitUntil(page, predicate, what, timeout = 10000) {
  const start = Date.now();
  while (Date.now() - start < timeout) {
    if (await predicate()) return;
    await page.waitForTimeout(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const ROUND_TRIP = `
local N = 10000
local w = worker.spawn([[
  for i = 1, ... do worker.send(worker.receive()) end
]], N)
local start = os.clock()
for i = 1, N do w:send({ i = i, text = "message " .. i }) end
local inOrder = 0
for i = 1, N do
  local m = w:receive()
  if m.i == i and m.text == "message " .. i then inOrder = inOrder + 1 end
end
print(string.format("round trip: %d of %d in order", inOrder, N))
print("then: " .. select(2, pcall(w.receive, w)))
`;

const FAILING = `
local w = worker.spawn([[
  print("worker says hello")
  worker.send("about to fail")
  error("boom from the worker")
]])
print("got: " .. w:receive())
local ok, err = pcall(w.receive, w)
print("receive raised: " .. tostring(err))
print("main still running: " .. tostring(not ok))
`;

const SEND_FUNCTION = `
local w = worker.spawn("local v = worker.receive(); print('worker got ' .. v)")
local ok, err = pcall(function() w:send({ f = function() end }) end)
print("pcall: " .. tostring(ok) .. ", " .. err)
w:send("plain data")
w:send(print)
`;

const LOOPING = `
local w = worker.spawn([[ worker.send("looping now"); while true do end ]])
print(w:receive())
w:terminate()
print("status after terminate: " .. w:status())
print("receive after terminate: " .. select(2, pcall(w.receive, w)))
local w2 = worker.spawn([[ worker.send("second loop"); while true do end ]])
print(w2:receive())
print("main waits on the looping worker")
w2:receive()
`;

const FLOOD = `
local w = worker.spawn([[
  for i = 1, 20000 do worker.send(i) end
  print("the flood was not stopped")
]])
while w:status() == "running" do end
print("worker status: " .. table.concat({ w:status() }, ": "))
local count, last = 0, 0
while true do
  local ok, v = pcall(w.receive, w)
  if not ok then print("after " .. count .. " messages: " .. v) break end
  count = count + 1
  if v ~= last + 1 then print("out of order at " .. v) end
  last = v
end
print("received " .. count .. " in order, last " .. last)
`;

const CRASHING = `
local w = worker.spawn([[ worker.send("ready to crash"); while true do end ]])
print(w:receive())
local ok, err = pcall(w.receive, w)
print("receive after the crash: " .. tostring(err))
print("status: " .. table.concat({ w:status() }, ": "))
`;

// Six workers wait in a loop; the test makes each Web Worker post something hostile to the page
// (tests/browser: page.on('worker') gives the Web Workers, evaluate() runs in their scope).
const HOSTILE = `
local ws = {}
for i = 1, 6 do ws[i] = worker.spawn([[ worker.send("ready"); while true do end ]]) end
for i = 1, 6 do assert(ws[i]:receive() == "ready") end
print("all ready")
for i = 1, 6 do
  local ok, err = pcall(ws[i].receive, ws[i])
  print("worker " .. i .. " receive: " .. tostring(ok) .. ": " .. tostring(err))
end
print("main survived")
`;

// What each worker posts, run in the Web Worker (as its module would post), and what the main
// script's receive() must raise. Wire bytes: "TW" 1 's' varint(len) bytes (core/wire.h).
const HOSTILE_POSTS = [
  ['corrupt wire bytes', () => self.postMessage({ type: 'batch', items: [{ k: 0, b: new Uint8Array([0x54, 0x57, 1, 0x3f]), s: 1 }] }),
   /malformed message from worker \d \(malformed message: .+\)/],
  ['truncated wire bytes', () => self.postMessage({ type: 'batch', items: [{ k: 0, b: new Uint8Array([0x54, 0x57, 1, 0x73, 10, 0x61, 0x62]), s: 1 }] }),
   /malformed message from worker \d \(malformed message: .+\)/],
  ['payload not bytes', () => self.postMessage({ type: 'batch', items: [{ k: 0, b: 'not bytes', s: 1 }] }),
   /worker \d failed: crashed \(sent a malformed message: item 1: payload is not bytes\)/],
  ['unknown kind and a fake length', () => self.postMessage({ type: 'batch', items: [{ k: 42, b: { length: 1e10 } }] }),
   /worker \d failed: crashed \(sent a malformed message: item 1: unknown kind 42\)/],
  ['oversized', () => self.postMessage({ type: 'batch', items: [{ k: 0, b: new Uint8Array(65 * 1024 * 1024), s: 1 }] }),
   /worker \d failed: crashed \(sent a malformed message: item 1: too large \(68157440 bytes\)\)/],
  ['not a batch', () => self.postMessage({ type: 'exploit', items: null }),
   /worker \d failed: crashed \(sent a malformed message: unknown type exploit\)/],
];

export const tests = [
  {
    name: 'workers-round-trip-10000',
    async run({ page, url, assert }) {
      await openPage(page, url);
      const started = Date.now();
      await runScript(page, ROUND_TRIP);
      await waitForState(page, /finished|error/, 90000);
      const millis = Date.now() - started;
      const text = await consoleText(page);
      assert(text.includes('round trip: 10000 of 10000 in order'), `round trip incomplete: ${text.slice(-500)}`);
      assert(/then: .*worker 1 finished/.test(text), `no end notice after the round trip: ${text.slice(-300)}`);
      assert((await status(page)).state === 'finished', 'the main script did not finish');
      await waitUntil(page, async () => (await liveWebWorkers(page)) === 0, 'the Web Worker to close');
      return `10,000 messages each way in ${millis} ms (run click to finished, incl. worker start)`;
    },
  },
  {
    name: 'workers-error-reported-with-id-main-keeps-running',
    async run({ page, url, assert }) {
      await openPage(page, url);
      await runScript(page, FAILING);
      await waitForState(page, /finished|error/);
      const text = await consoleText(page);
      assert(text.includes('[worker 1] worker says hello'), `worker output lacks its id: ${text}`);
      assert(text.includes('got: about to fail'), `message before the failure lost: ${text}`);
      assert(/worker 1 failed: worker 1:3: boom from the worker/.test(text),
             `the console does not report the failure with the id: ${text}`);
      assert(/receive raised: .*worker 1 failed: worker 1:3: boom from the worker/.test(text),
             `receive did not raise the failure: ${text}`);
      assert(text.includes('main still running: true'), `the main script stopped: ${text}`);
      assert((await status(page)).state === 'finished', 'the main script did not finish');
      await snapshot(page, 'workers-error-console');
      // The page and a fresh main VM keep working.
      await runScript(page, 'print("next script: " .. 6 * 7)');
      await waitForConsole(page, 'next script: 42');
      await waitForState(page, /finished/);
      return 'failure reported; the next script ran';
    },
  },
  {
    name: 'workers-sending-a-function-is-refused',
    async run({ page, url, assert }) {
      await openPage(page, url);
      await runScript(page, SEND_FUNCTION);
      await waitForState(page, /finished|error/);
      await waitForConsole(page, '[worker 1] worker got plain data');
      const text = await consoleText(page);
      assert(/pcall: false, .*bad argument #1 to 'send' \(cannot send a function \(at key 'f'\)\)/.test(text),
             `no clear error for a function inside a table: ${text}`);
      assert(/bad argument #1 to 'send' \(cannot send a function\)/.test(text),
             `no clear error for a function: ${text}`);
      assert((await status(page)).state === 'error', 'sending a function did not raise in the sender');
      return 'refused on the sender side';
    },
  },
  {
    name: 'workers-infinite-loop-terminated-page-responsive',
    async run({ page, url, assert }) {
      await openPage(page, url);
      await runScript(page, LOOPING);
      await waitForConsole(page, 'main waits on the looping worker');
      let text = await consoleText(page);
      assert(text.includes('looping now'), `no message from the first worker: ${text}`);
      assert(text.includes('status after terminate: terminated'), `terminate() did not end it: ${text}`);
      assert(/receive after terminate: .*worker 1 was terminated/.test(text), `receive did not raise: ${text}`);
      await waitForState(page, /message/);
      // One worker spins in `while true do end` on its own thread: the page still draws frames and
      // answers. (The rate depends on the machine's load: the check is that it keeps drawing.)
      await waitUntil(page, async () => (await liveWebWorkers(page)) === 1, 'one live Web Worker');
      const before = await frames(page);
      const askedAt = Date.now();
      await status(page);
      const answerMs = Date.now() - askedAt;
      await page.waitForTimeout(2000);
      const after = await frames(page);
      assert(after - before >= 2, `the page froze while the worker loops (${before} -> ${after} frames)`);
      assert(answerMs < 1000, `the page took ${answerMs} ms to answer while the worker loops`);
      await snapshot(page, 'workers-looping-waiting');
      // Stop ends the program and its workers.
      await page.click('#stop');
      await waitUntil(page, async () => (await liveWebWorkers(page)) === 0, 'Stop to end the looping worker');
      await runScript(page, 'print("after stop: ok")');
      await waitForConsole(page, 'after stop: ok');
      text = await consoleText(page);
      return `${after - before} frames in 2 s while a worker looped forever; status answered in ${answerMs} ms`;
    },
  },
  {
    name: 'workers-flood-hits-inbox-bound',
    async run({ page, url, assert }) {
      await openPage(page, url);
      await runScript(page, FLOOD);
      await waitForState(page, /finished|error/, 90000);
      const text = await consoleText(page);
      assert(/worker status: failed: worker 1:1: inbox full: the main script already has 10000 messages/.test(text),
             `the flood did not fail in the sender with the bound: ${text.slice(-600)}`);
      assert(/worker 1 failed: worker 1:1: inbox full/.test(text), `the console did not report it: ${text.slice(-600)}`);
      assert(text.includes('received 10000 in order, last 10000'), `messages were lost: ${text.slice(-600)}`);
      assert(!text.includes('out of order') && !text.includes('was not stopped'), `wrong flood: ${text.slice(-600)}`);
      await snapshot(page, 'workers-flood-console');
      const before = await frames(page);
      await page.waitForTimeout(500);
      assert(await frames(page) > before, 'the page stopped drawing after the flood');
      await runScript(page, 'print("after the flood: ok")');
      await waitForConsole(page, 'after the flood: ok');
      return 'bound hit at 10000, error in the sender, nothing lost';
    },
  },
  {
    name: 'workers-hostile-messages-give-a-clear-error',
    async run({ page, url, assert }) {
      await openPage(page, url);
      const started = [];
      page.on('worker', (w) => started.push(w));
      await runScript(page, HOSTILE);
      await waitForConsole(page, 'all ready');
      assert(started.length === 6, `${started.length} Web Workers started`);
      for (let i = 0; i < HOSTILE_POSTS.length; i++) await started[i].evaluate(HOSTILE_POSTS[i][1]);
      await waitForConsole(page, 'main survived', 60000);
      const text = await consoleText(page);
      // Which Lua worker runs in which Web Worker is not asked: each post's error must be what one
      // of the six receive() calls raised.
      const unmatched = text.split('\n').filter((l) => /^worker \d receive: /.test(l));
      assert(unmatched.length === 6 && unmatched.every((l) => / receive: false: /.test(l)),
             `the six receive() calls: ${JSON.stringify(unmatched)}`);
      const lines = [];
      for (const [what, , expected] of HOSTILE_POSTS) {
        const k = unmatched.findIndex((l) => expected.test(l));
        assert(k >= 0, `${what}: no receive() raised ${expected}; they raised ${JSON.stringify(unmatched)}`);
        const line = unmatched.splice(k, 1)[0];
        lines.push(`${what}: ${line.slice(line.indexOf('false: ') + 7, line.indexOf('false: ') + 110)}`);
      }
      assert((await status(page)).state === 'finished', 'the main script did not finish');
      await runScript(page, 'print("after hostile workers: ok")');
      await waitForConsole(page, 'after hostile workers: ok');
      return lines.join('; ');
    },
  },
  {
    name: 'workers-crash-reported-receive-raises',
    async run({ page, url, assert }) {
      await openPage(page, url);
      const workerStarted = page.waitForEvent('worker', { timeout: 30000 });
      await runScript(page, CRASHING);
      const webWorker = await workerStarted;
      await waitForConsole(page, 'ready to crash');
      // Make the worker's next slice trap inside the wasm: an out-of-bounds read by a real export.
      await webWorker.evaluate(() => {
        const message = self.Module._tricolor_worker_message;
        self.Module._tricolor_worker_run = () => message(0x7ffffff0, 64, 0);
      });
      await waitForState(page, /finished|error/);
      const text = await consoleText(page);
      assert(/worker 1 failed: crashed \(RuntimeError: [^)]*\)/.test(text), `the crash was not reported: ${text}`);
      assert(/receive after the crash: .*worker 1 failed: crashed/.test(text), `receive did not raise: ${text}`);
      assert(/status: failed: crashed/.test(text), `status is not failed: ${text}`);
      await snapshot(page, 'workers-crash-console');
      await waitUntil(page, async () => (await liveWebWorkers(page)) === 0, 'the crashed Web Worker to be gone');
      await runScript(page, 'print("after the crash: ok")');
      await waitForConsole(page, 'after the crash: ok');
      return 'crash reported';
    },
  },
];
