// End-to-end tests of the playground page (shell.html + web/editor/*): the editor, the console,
// running and stopping programs, errors with clickable positions, the memory limit, the stdin
// line, the examples gallery, embed mode, help, persistence and the Content-Security-Policy.
// The runner (run.mjs) gives each test a fresh page, fails it on any console error or page error
// (a CSP violation is one) and saves a screenshot after it.

// Loads the page (optionally with a query string) and waits until the wasm app runs.
async function openPage(page, url, query = '') {
  await page.goto(url + query, { waitUntil: 'load' });
  await page.waitForFunction(() => window.tricolor && window.tricolor.ready && window.tricolor.frameCount() > 5,
                             null, { timeout: 60000 });
}

const status = (page) => page.evaluate(() => window.tricolor.status());
const consoleText = (page) => page.evaluate(() => window.tricolor.consoleText());

async function waitForState(page, pattern, timeout = 30000) {
  const source = pattern.source;
  await page.waitForFunction((s) => new RegExp(s).test(window.tricolor.status().state), source, { timeout })
    .catch(async () => {
      const now = await status(page);
      const text = await consoleText(page);
      throw new Error(`state did not match /${source}/ within ${timeout} ms: ${JSON.stringify(now)}; console: ${text.slice(-400)}`);
    });
}

async function waitForConsole(page, needle, timeout = 30000) {
  await page.waitForFunction((n) => window.tricolor.consoleText().includes(n), needle, { timeout })
    .catch(async () => {
      throw new Error(`the console never showed "${needle}"; it shows: ${(await consoleText(page)).slice(-600)}`);
    });
}

// Replaces the editor's text by typing it (as a user would: select all, then type).
async function typeIntoEditor(page, text) {
  await page.click('#editor .cm-content');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

async function setEditorText(page, text) {
  await page.evaluate((t) => window.tricolor.editor.setText(t), text);
}

async function visible(page, selector) {
  return page.evaluate((s) => {
    const element = document.querySelector(s);
    if (!element) return false;
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
  }, selector);
}

// The gallery as the tests know it; a new example needs an entry (and a run check) here.
const EXAMPLES = {
  'tricolour-basics': { expect: 'The validator says: true' },
  'write-barrier': { expect: 'Cycle finished. holder.child is fresh' },
  'finalizers': { expect: 'the phoenix finalizer did not run again' },
  'weak-tables': { expect: 'after dropping k1: 0' },
  'coroutines': { expect: 'validator: true' },
  'workers': { expect: 'all workers finished' },
  'to-be-closed': { expect: 'done' },
  'heap-workload': { expect: 'survivors; validator: true' },
  'reading-input': { expect: 'average 3.5', input: ['Ada', '3', '4', ''] },
  'memory-limit': { expect: 'still working: 1000 strings allocated', memoryMb: 16 },
};

function exampleTest(id, { expect, input = [], memoryMb = null }) {
  return {
    name: `page-example-${id}`,
    async run({ page, url, assert }) {
      await openPage(page, url);
      if (memoryMb) {
        await page.fill('#memory-limit', String(memoryMb));
        await page.dispatchEvent('#memory-limit', 'change');
      }
      // Through the menu, as a user would.
      await page.click('#examples-button');
      await page.click(`#examples-menu [data-example="${id}"]`);
      assert(await visible(page, '#lesson'), 'the lesson is not shown');
      const lessonText = await page.textContent('#lesson-body');
      assert(/Steps worth taking/i.test(lessonText), 'the lesson has no "Steps worth taking"');
      const code = await page.evaluate(() => window.tricolor.editor.getText());
      assert(!code.startsWith('--[['), 'the lesson header was left in the editor');
      await page.click('#run');
      for (const line of input) {
        await waitForState(page, /input/, 10000);
        await page.fill('#input-line', line);
        await page.press('#input-line', 'Enter');
      }
      await waitForState(page, /finished|error/, 60000);
      const text = await consoleText(page);
      const final = await status(page);
      assert(final.state === 'finished', `the example ended in state ${final.state}: ${text.slice(-500)}`);
      assert(text.includes(expect), `the output lacks "${expect}": ${text.slice(-500)}`);
      assert(!/attempt to|stack traceback/.test(text), `the example reported an error: ${text.slice(-500)}`);
      return `${final.instructions} instructions`;
    },
  };
}

export const tests = [
  {
    name: 'page-type-code-and-run',
    async run({ page, url, assert }) {
      // A clear loading state shows until the runtime is up; then it goes away. The wasm is held
      // back for a moment so the loading state is observable however fast the machine is.
      let releaseWasm;
      const wasmHeld = new Promise((resolve) => { releaseWasm = resolve; });
      await page.route('**/*.wasm', async (route) => {
        await wasmHeld;
        await route.continue();
      });
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      const loading = await page.evaluate(() => ({
        shown: !document.getElementById('status').classList.contains('hidden'),
        text: document.getElementById('status').textContent,
        runDisabled: document.getElementById('run').disabled,
      }));
      assert(loading.shown && /Starting the Lua VM/.test(loading.text) && loading.runDisabled,
             `no loading state while the wasm starts: ${JSON.stringify(loading)}`);
      releaseWasm();
      await page.waitForFunction(() => window.tricolor.ready && window.tricolor.frameCount() > 5, null,
                                 { timeout: 60000 });
      assert(await page.evaluate(() => document.getElementById('status').classList.contains('hidden')),
             'the loading overlay is still shown');
      assert(await visible(page, '#editor .cm-lineNumbers'), 'the editor has no line numbers');
      await typeIntoEditor(page, 'local greeting = "hello"\nfor i = 1, 3 do\nprint(greeting, i)\nend\nio.write("no newline")');
      const typed = await page.evaluate(() => window.tricolor.editor.getText());
      assert(typed.includes('print(greeting, i)'), `typing did not reach the editor: ${typed}`);
      await page.keyboard.press('Control+Enter');
      await waitForState(page, /finished/);
      await waitForConsole(page, 'hello\t3');
      const text = await consoleText(page);
      assert(text.includes('hello\t1\nhello\t2\nhello\t3\nno newline'), `unexpected output: ${text}`);
      const bar = await page.textContent('#statusbar');
      assert(/finished/.test(bar) && /\d+ instructions/.test(bar), `status bar: ${bar}`);
      // Undo works as expected in the editor.
      await page.click('#editor .cm-content');
      await page.keyboard.press('Control+End');
      await page.keyboard.type('\n-- extra');
      await page.keyboard.press('Control+z');
      const undone = await page.evaluate(() => window.tricolor.editor.getText());
      assert(!undone.includes('-- extra'), 'Ctrl+Z did not undo');
      return bar.trim().replace(/\s+/g, ' ');
    },
  },
  {
    name: 'page-editor-copy-paste-search',
    async run({ page, url, assert }) {
      await openPage(page, url);
      await typeIntoEditor(page, 'print("twice")');
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Control+C');
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Control+V');
      const text = await page.evaluate(() => window.tricolor.editor.getText());
      assert(text === 'print("twice")\nprint("twice")', `copy and paste gave: ${JSON.stringify(text)}`);
      await page.keyboard.press('Control+f');
      await page.waitForSelector('#editor .cm-search input[name="search"]', { timeout: 3000 });
      await page.keyboard.type('twice');
      await page.keyboard.press('Enter');
      const matches = await page.$$eval('#editor .cm-searchMatch', (els) => els.length);
      assert(matches >= 2, `search highlighted ${matches} matches`);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Enter');
      await waitForState(page, /finished/);
      await waitForConsole(page, 'twice\ntwice');
      return `${matches} search matches`;
    },
  },
  {
    name: 'page-infinite-loop-stops',
    async run({ page, url, assert }) {
      await openPage(page, url);
      await setEditorText(page, 'local n = 0\nwhile true do\n  n = n + 1\nend\n');
      await page.click('#run');
      await waitForState(page, /running/);
      const frames0 = await page.evaluate(() => window.tricolor.frameCount());
      const count0 = (await status(page)).instructions;
      await page.waitForTimeout(700);
      const frames1 = await page.evaluate(() => window.tricolor.frameCount());
      const count1 = (await status(page)).instructions;
      assert(frames1 - frames0 >= 10, `the page froze: ${frames1 - frames0} frames in 0.7 s`);
      assert(count1 > count0, 'the program is not advancing');
      // Pause: answered before the next frame; the paused line is highlighted in the editor.
      await page.click('#pause');
      const paused = await status(page);
      assert(paused.state === 'paused', `Pause did not pause at once: ${paused.state}`);
      await page.waitForSelector('#editor .cm-paused-line', { timeout: 5000 });
      const markers = await page.evaluate(() => window.tricolor.editor.markers());
      assert(markers.pausedLine >= 2 && markers.pausedLine <= 4, `paused line marker: ${JSON.stringify(markers)}`);
      const stillPaused = (await status(page)).instructions;
      await page.waitForTimeout(200);
      assert((await status(page)).instructions === stillPaused, 'a paused program kept running');
      await page.click('#pause'); // Continue
      await waitForState(page, /running/);
      // Stop: answered at once, and the page stays responsive.
      await page.click('#stop');
      const stopped = await status(page);
      assert(!/running/.test(stopped.state), `Stop did not stop at once: ${stopped.state}`);
      await page.waitForTimeout(200);
      assert(!/running/.test((await status(page)).state), 'the program started again');
      await waitForConsole(page, 'Stopped.');
      assert(await page.evaluate(() => document.querySelector('#editor .cm-paused-line') === null),
             'the paused-line marker stayed after Stop');
      return `paused at line ${markers.pausedLine} after ${paused.instructions} instructions; ${frames1 - frames0} frames in 0.7 s while looping`;
    },
  },
  {
    name: 'page-step-starts-the-script-paused',
    async run({ page, url, assert }) {
      await openPage(page, url);
      await setEditorText(page, 'local a = 1\nlocal b = 2\nprint(a + b)\n');
      await page.click('#editor .cm-content');
      await page.keyboard.press('F11'); // one instruction, on a fresh VM
      let s = await status(page);
      assert(s.state === 'paused' && s.instructions === 1, `F11 from idle: ${JSON.stringify(s)}`);
      await page.click('#step-instruction');
      s = await status(page);
      assert(s.instructions === 2, `Step instr. ran ${s.instructions} instructions in all`);
      await page.click('#step-line');
      s = await status(page);
      assert(s.state === 'paused' && s.instructions > 2, `Step line: ${JSON.stringify(s)}`);
      assert(await page.evaluate(() => !document.getElementById('pause').disabled &&
                                        document.getElementById('pause').textContent.includes('Continue')),
             'the Pause button does not offer Continue while paused');
      await page.click('#pause');
      await waitForState(page, /finished/);
      await waitForConsole(page, '3');
      return `paused after ${s.instructions} instructions, then finished`;
    },
  },
  {
    name: 'page-error-line-is-clickable',
    async run({ page, url, assert }) {
      await openPage(page, url);
      await setEditorText(page, 'print("before")\nlocal t = nil\n\nlocal function f()\n  return t.field\nend\nf()\n');
      await page.keyboard.press('Control+Enter');
      await waitForState(page, /error/);
      await waitForConsole(page, 'attempt to index');
      const text = await consoleText(page);
      assert(/main:5: attempt to index a nil value \(upvalue 't'\)/.test(text), `unexpected error text: ${text}`);
      assert(await page.evaluate(() => window.tricolor.editor.cursorLine()) === 1, 'the cursor did not start on line 1');
      const marked = await page.evaluate(() => window.tricolor.editor.markers().errorLine);
      assert(marked === 5, `the editor marks line ${marked} as the error's`);
      assert((await page.textContent('#editor .cm-error-line')).includes('return t.field'), 'the error line is not highlighted');
      await page.click('#console a.position[data-line="5"]');
      const line = await page.evaluate(() => window.tricolor.editor.cursorLine());
      assert(line === 5, `clicking main:5 moved the cursor to line ${line}`);
      const bar = await page.textContent('#status-state');
      assert(/error/.test(bar), `the status bar does not say error: ${bar}`);
      // A syntax error is reported too, with its line.
      await setEditorText(page, 'local x = 1\nif x then\nprint(x)\n');
      await page.click('#run');
      await waitForState(page, /error/);
      await waitForConsole(page, "main:4: 'end' expected (to close 'if' at line 2) near <eof>");
      return text.split('\n').find((l) => l.includes('attempt'));
    },
  },
  {
    name: 'page-selected-object-site-is-highlighted',
    async run({ page, url, assert }) {
      await openPage(page, url);
      await setEditorText(page, 'local before = 1\nkeep = { "allocated on line 2" }\nprint(gc.id(keep))\n');
      await page.click('#run');
      await waitForState(page, /finished/);
      const id = Number((await consoleText(page)).split('\n')[0]);
      assert(id > 0, 'the script did not print an object id');
      // Select it as the visualizer does when the user clicks it.
      await page.evaluate((objectId) => window.Module._tricolor_viz_select(objectId), id);
      await page.waitForSelector('#editor .cm-site-line', { timeout: 5000 });
      const markers = await page.evaluate(() => window.tricolor.editor.markers());
      assert(markers.siteLine === 2, `the site marker is on line ${markers.siteLine}`);
      const markedText = await page.textContent('#editor .cm-site-line');
      assert(markedText.includes('allocated on line 2'), `the highlighted line is "${markedText}"`);
      return `object ${id} allocated on line ${markers.siteLine}`;
    },
  },
  {
    name: 'page-memory-bomb-then-next-run',
    async run({ page, url, assert }) {
      await openPage(page, url);
      assert(await page.inputValue('#memory-limit') === '256', 'the default memory limit is not 256 MB');
      await setEditorText(page, 'local t={} for i=1,1e9 do t[i]=i end');
      await page.click('#run');
      await waitForState(page, /error/, 90000);
      await waitForConsole(page, 'not enough memory');
      const after = await status(page);
      const frames = await page.evaluate(() => window.tricolor.frameCount());
      await page.waitForTimeout(300);
      assert(await page.evaluate(() => window.tricolor.frameCount()) > frames, 'the page stopped drawing');
      await setEditorText(page, 'print("the next run works")');
      await page.click('#run');
      await waitForState(page, /finished/);
      await waitForConsole(page, 'the next run works');
      return `error after ${after.instructions} instructions`;
    },
  },
  {
    name: 'page-stdin-line-feeds-io-read',
    async run({ page, url, assert }) {
      await openPage(page, url);
      await setEditorText(page, 'local a = io.read()\nlocal b = io.read("n")\nprint("got " .. a .. " and " .. b * 2)');
      await page.click('#run');
      await waitForState(page, /input/, 10000);
      assert(await page.evaluate(() => document.getElementById('input-form').classList.contains('waiting')),
             'the stdin line is not highlighted while the program waits');
      await page.fill('#input-line', 'first line');
      await page.press('#input-line', 'Enter');
      await waitForState(page, /input/);
      await page.fill('#input-line', '21');
      await page.press('#input-line', 'Enter');
      await waitForState(page, /finished/);
      await waitForConsole(page, 'got first line and 42');
    },
  },
  ...Object.entries(EXAMPLES).map(([id, spec]) => exampleTest(id, spec)),
  {
    name: 'page-gallery-matches-the-tests',
    async run({ page, url, assert }) {
      await openPage(page, url);
      const ids = await page.evaluate(() => window.tricolor.examples.map((e) => e.id));
      assert(ids.length >= 8, `only ${ids.length} examples`);
      const missing = ids.filter((id) => !(id in EXAMPLES));
      assert(missing.length === 0, `examples without a test: ${missing.join(', ')}`);
      await page.click('#examples-button');
      assert(await visible(page, '#examples-menu'), 'the examples menu did not open');
      const items = await page.$$eval('#examples-menu [role="menuitem"]', (els) => els.map((e) => e.textContent));
      assert(items.length === ids.length, 'the menu does not list every example');
      return `${ids.length} examples`;
    },
  },
  {
    name: 'page-embed-console-only',
    async run({ page, url, assert }) {
      await openPage(page, url, '?embed=1&panels=console&example=weak-tables');
      assert(!(await visible(page, '#toolbar')), 'the toolbar is shown in embed mode');
      assert(!(await visible(page, '#statusbar')), 'the status bar is shown without panels=status');
      assert(!(await visible(page, '#viz-pane')), 'the visualizer pane is shown without panels=viz');
      assert(!(await visible(page, '#lesson')), 'the lesson is shown without panels=lesson');
      assert(await visible(page, '#editor'), 'no editor');
      assert(await visible(page, '#console'), 'no console');
      const width = await page.evaluate(() => document.getElementById('editor').getBoundingClientRect().width);
      assert(width > 1000, `the editor does not take the freed width (${width}px)`);
      await page.click('#embed-run');
      await waitForState(page, /finished/);
      await waitForConsole(page, 'after dropping k1: 0');
    },
  },
  {
    name: 'page-embed-visualizer-and-status',
    async run({ page, url, assert }) {
      const code = 'local t = {} for i = 1, 100 do t[i] = {} end print(#t)';
      await openPage(page, url, `?embed=1&panels=viz,status&code=${encodeURIComponent(code)}`);
      assert(await page.evaluate(() => window.tricolor.editor.getText()) === code, 'the code= parameter was not loaded');
      assert(!(await visible(page, '#toolbar')), 'the toolbar is shown in embed mode');
      assert(await visible(page, '#statusbar'), 'panels=status did not show the status bar');
      assert(!(await visible(page, '#console-pane')), 'the console is shown without panels=console');
      assert(await visible(page, '#viz-pane'), 'panels=viz did not show the visualizer');
      assert(await page.evaluate(() => window.tricolor.mainWindowVisible()), 'the visualizer did not draw');
      await page.click('#embed-run');
      await waitForState(page, /finished/);
      assert(await visible(page, '#embed-state'), 'no run state in the embed bar');
      const saved = await page.evaluate(() => window.localStorage.getItem('tricolor.script'));
      assert(saved === null, 'embed mode overwrote the saved script');
    },
  },
  {
    name: 'page-script-is-kept-and-panes-resize',
    async run({ page, url, assert }) {
      await openPage(page, url);
      await typeIntoEditor(page, 'print("kept across reloads")');
      const split = await page.$('#split-main');
      const box = await split.boundingBox();
      const before = await page.evaluate(() => document.getElementById('viz-pane').getBoundingClientRect().width);
      await page.mouse.move(box.x + box.width / 2, box.y + 200);
      await page.mouse.down();
      await page.mouse.move(box.x - 150, box.y + 200, { steps: 5 });
      await page.mouse.up();
      const after = await page.evaluate(() => document.getElementById('viz-pane').getBoundingClientRect().width);
      assert(after > before + 100, `dragging the splitter did not resize the panes (${before} -> ${after})`);
      await page.waitForTimeout(400);
      await page.reload({ waitUntil: 'load' });
      await page.waitForFunction(() => window.tricolor && window.tricolor.ready, null, { timeout: 60000 });
      const text = await page.evaluate(() => window.tricolor.editor.getText());
      assert(text === 'print("kept across reloads")', `the script was not kept: ${text}`);
      const kept = await page.evaluate(() => document.getElementById('viz-pane').getBoundingClientRect().width);
      assert(Math.abs(kept - after) < 4, `the pane size was not kept (${after} -> ${kept})`);
      return `visualizer pane ${before}px -> ${after}px`;
    },
  },
  {
    name: 'page-help-dialog',
    async run({ page, url, assert }) {
      await openPage(page, url);
      await page.keyboard.press('F1');
      assert(await page.evaluate(() => document.getElementById('help-dialog').open), 'F1 did not open the help');
      const text = await page.textContent('#help-dialog');
      for (const needle of ['Ctrl', 'White', 'Gray', 'Black', 'write barrier', 'atomic']) {
        assert(text.includes(needle), `the help lacks "${needle}"`);
      }
      assert(await page.$$eval('#help-dialog a', (links) => links.length) === 0, 'the help has links');
    },
  },
  {
    name: 'page-csp-no-inline-script-no-escape',
    async run({ page, url, assert }) {
      const violations = [];
      page.on('console', (m) => {
        if (/Content.Security.Policy/i.test(m.text())) violations.push(m.text());
      });
      await openPage(page, url);
      const html = await (await page.request.get(url)).text();
      const csp = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
      assert(csp, 'no Content-Security-Policy meta tag');
      assert(/script-src 'self' 'wasm-unsafe-eval'(;|$)/.test(csp[1]), `script-src is not exactly 'self' 'wasm-unsafe-eval': ${csp[1]}`);
      assert(!/unsafe-inline[^;]*;/.test(/script-src[^;]*;/.exec(csp[1])[0]), 'script-src allows inline script');
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      assert(scripts.length > 0, 'no scripts found');
      for (const [, attributes, body] of scripts) {
        assert(/\bsrc=/.test(attributes) && body.trim() === '', `inline script: <script${attributes}>${body.slice(0, 60)}`);
      }
      assert(!/\son[a-z]+\s*=/i.test(html), 'an inline event handler attribute exists');
      // A Lua script sees no bridge to JavaScript or the network.
      await setEditorText(page, 'print(type(js), type(eval), type(fetch), type(window), type(document), type(emscripten))\n' +
                                'print(pcall(require, "js"))');
      await page.click('#run');
      await waitForState(page, /finished/);
      const text = await consoleText(page);
      assert(text.includes('nil\tnil\tnil\tnil\tnil\tnil'), `a script sees a bridge: ${text}`);
      assert(/false\tmodule 'js' not found/.test(text), `require("js") did something: ${text}`);
      assert(violations.length === 0, `CSP violations: ${violations.join('; ')}`);
    },
  },
];
