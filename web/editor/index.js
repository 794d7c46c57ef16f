// web/editor/index.js — the playground page: toolbar, editor, console, stdin line, status bar,
// examples menu, help dialog and embed mode, around the ImGui canvas (the visualizer).
//
// Bundled by esbuild (web/CMakeLists.txt) into page.js, loaded with `defer` before tricolor.js so
// that `Module` exists when the Emscripten glue starts. No inline script, no eval: the page runs
// under the Content-Security-Policy of shell.html.
//
// window.tricolor (for the browser tests and the curious):
//   ready, frameCount(), mainWindowVisible(), version(), status(), run(), pause(), stop(),
//   stepLine(), stepInstruction(), provideInput(line), loadExample(id), examples,
//   editor.{getText, setText, cursorLine, markers}, consoleText(),
//   shareLink(), bugReport(), copyLink(), copyReport(), lastCopied, openLink(text), replayStatus(),
//   digest(), stepBack(), timelineJump(point)
//
// Share links: "Copy link" puts the session's recording (core/recording.h) into the fragment of
// this page's address (#r=..., never sent to a server); opening such an address replays it
// (window.tricolor.replayStatus() and the status bar say "reproduced ✓" or "diverged ✗ at step N").
import { createEditor } from './editor.js';
import { createConsole } from './console.js';
import { makeSplitter, followRect } from './panes.js';
import { examples, findExample, renderLesson } from './gallery.js';
import { startRuntime } from './runtime.js';

const $ = (id) => document.getElementById(id);

const DEFAULT_SCRIPT = `-- Welcome to Tricolor: Lua 5.4 on its own VM and garbage collector.
-- Press Ctrl+Enter (or Run) to run this script; pick a lesson from Examples.

local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

for i = 1, 10 do
  io.write(fib(i), " ")
end
print()

-- Tables are objects on the heap: watch them in the visualizer.
local list = {}
for i = 1, 100 do
  list[i] = { index = i, name = "node " .. i }
end
print(#list .. " tables allocated; the collector is in state " .. gc.state())
`;

// localStorage that never throws (private windows, disabled storage, quota).
const store = {
  get(key) {
    try {
      return window.localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch {
      // The page works without storage.
    }
  },
};
const SCRIPT_KEY = 'tricolor.script';
const MEMORY_KEY = 'tricolor.memoryLimitMb';

// --- URL options: ?embed=1&panels=console,viz,status,lesson&example=ID&code=TEXT -------------

function readOptions() {
  const params = new URLSearchParams(window.location.search);
  const embed = params.get('embed') === '1' || params.get('embed') === 'true';
  const aliases = { canvas: 'viz', visualizer: 'viz', heap: 'viz', output: 'console', statusbar: 'status' };
  let panels = null;
  if (params.has('panels')) {
    panels = new Set(params.get('panels').split(',').map((p) => p.trim().toLowerCase())
      .filter(Boolean).map((p) => aliases[p] || p));
  }
  return { embed, panels, example: params.get('example'), code: params.get('code') };
}

// --- States ------------------------------------------------------------------------------------

// The Playground's state names, as classes: running, paused, input, message, locked, finished,
// error, idle.
function stateClass(state) {
  const s = String(state || '').toLowerCase();
  if (s.includes('input')) return 'input';
  if (s.includes('message')) return 'message';
  if (s.includes('lock')) return 'locked';
  for (const name of ['running', 'paused', 'finished', 'error', 'idle']) if (s.includes(name)) return name;
  return 'idle';
}

const STATE_TEXT = {
  idle: 'idle',
  running: 'running',
  paused: 'paused',
  input: 'waiting for input (io.read)',
  message: 'waiting for a message',
  locked: 'paused inside the atomic phase',
  finished: 'finished',
  error: 'error',
  loading: 'loading',
};

function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

// --- The page ------------------------------------------------------------------------------------

function main() {
  const options = readOptions();
  const body = document.body;
  if (options.embed) {
    body.classList.add('embed');
    const panels = options.panels || new Set(['console', 'viz']);
    for (const panel of ['console', 'viz', 'status', 'lesson']) {
      body.classList.toggle(`no-${panel}`, !panels.has(panel));
    }
  }

  const consoleView = createConsole($('console'), {
    onPosition: (line) => editor.goToLine(line),
  });

  const saved = options.embed ? null : store.get(SCRIPT_KEY);
  let initialText = saved !== null && saved !== undefined ? saved : DEFAULT_SCRIPT;
  let initialExample = null;
  if (options.example) initialExample = findExample(options.example);
  if (initialExample) initialText = initialExample.code;
  else if (options.code !== null) initialText = options.code;

  let saveTimer = 0;
  let linkMode = false; // the editor shows an opened share link's script (not saved) until Run
  const editor = createEditor($('editor'), {
    doc: initialText,
    onRun: () => run(),
    onChange: (text) => {
      if (options.embed || linkMode) return; // a link's script is not the user's saved one
      clearTimeout(saveTimer);
      saveTimer = setTimeout(() => store.set(SCRIPT_KEY, text), 300);
    },
  });
  window.addEventListener('beforeunload', () => {
    if (!options.embed) store.set(SCRIPT_KEY, editor.getText());
  });

  // Panes.
  makeSplitter({
    splitter: $('split-main'), layout: $('workspace'), property: '--left-width', axis: 'x',
    initial: 0.38, min: 0.2, max: 0.8, storageKey: 'tricolor.split.main', store,
  });
  makeSplitter({
    splitter: $('split-editor-console'), layout: $('left-column'), property: '--editor-height', axis: 'y',
    initial: 0.62, min: 0.15, max: 0.88, storageKey: 'tricolor.split.editor', store,
  });
  // The visualizer pane is a hole in the page over the full-viewport canvas: the ImGui panels
  // tile exactly its box.
  let vizRect = null;
  function applyViewport() {
    if (!vizRect || !runtime.isReady()) return;
    runtime.setViewport(vizRect.left, vizRect.top, vizRect.width, vizRect.height);
  }

  // --- The runtime ---------------------------------------------------------------------------

  const canvas = $('canvas');
  canvas.addEventListener('webglcontextlost', (event) => {
    event.preventDefault();
    showFailure('The WebGL context was lost; reload the page.');
  });
  canvas.addEventListener('contextmenu', (event) => event.preventDefault());
  // SDL's mouse handler cancels mousedown, so the canvas would never take focus (and ImGui would
  // get no keys): focus it ourselves.
  canvas.addEventListener('pointerdown', () => canvas.focus({ preventScroll: true }));

  const statusBox = $('status');
  function showFailure(text) {
    statusBox.classList.remove('hidden');
    statusBox.classList.add('error');
    statusBox.querySelector('.loading-title').textContent = 'Tricolor stopped';
    $('status-detail').textContent = text;
  }

  let lastState = 'loading';
  let stoppedByUser = false; // the status bar says "stopped" rather than "idle"
  let runStarted = 0;
  const runtime = startRuntime({
    canvas,
    onLoading: (text) => {
      $('status-detail').textContent = text.replace(/\s*\(.*\)$/, '') || 'Loading…';
    },
    onFailure: showFailure,
    onOutput: (kind, text) => {
      // The Playground's own "program finished" note: the page prints a richer one (onStateChange).
      if (kind === 3 && text === 'program finished') return;
      consoleView.append(kind, text);
      // An error's first main:LINE is where it was raised: mark it in the editor.
      if (kind === 2) {
        const position = /\bmain:(\d+):/.exec(text);
        if (position) editor.setErrorLine(Number(position[1]));
      }
    },
    onSiteClicked: (line) => editor.goToLine(line),
    onReady: () => {
      tricolor.ready = true;
      statusBox.classList.add('hidden');
      body.classList.add('ready');
      for (const button of document.querySelectorAll('#toolbar button, #embed-controls button')) {
        button.disabled = false;
      }
      $('status-version').textContent = `v${runtime.version()}`;
      runtime.setMemoryLimit(memoryLimit());
      applyViewport();
      if (linkInHash()) openLinkFromHash();
      updateStatus();
      requestAnimationFrame(statusLoop);
    },
  });

  followRect($('viz-pane'), (rect) => {
    vizRect = rect;
    applyViewport();
  });

  function memoryLimit() {
    const value = Number($('memory-limit').value);
    return value >= 1 && value <= 2048 ? value : 256;
  }
  const savedLimit = Number(store.get(MEMORY_KEY));
  if (savedLimit >= 1 && savedLimit <= 2048) $('memory-limit').value = String(savedLimit);
  $('memory-limit').addEventListener('change', () => {
    const mb = memoryLimit();
    $('memory-limit').value = String(mb);
    store.set(MEMORY_KEY, String(mb));
    if (runtime.isReady()) runtime.setMemoryLimit(mb);
    consoleView.append('info', `Memory limit: ${mb} MB (from the next Run).`);
  });

  // --- Commands --------------------------------------------------------------------------------

  function ready() {
    return runtime.isReady();
  }

  // Run = a fresh VM with the editor's text.
  function run() {
    if (!ready()) return;
    linkMode = false;
    if (!options.embed) store.set(SCRIPT_KEY, editor.getText());
    stoppedByUser = false;
    consoleView.clear();
    editor.setErrorLine(-1);
    runtime.setMemoryLimit(memoryLimit());
    runStarted = performance.now();
    if (runtime.load(editor.getText())) runtime.run();
    updateStatus();
  }

  function togglePause() {
    if (!ready()) return;
    const state = stateClass(runtime.status().state);
    if (state === 'running' || state === 'input' || state === 'message') runtime.pause();
    else if (state === 'paused' || state === 'locked') runtime.run();
    updateStatus();
  }

  function stop() {
    if (!ready()) return;
    const state = stateClass(runtime.status().state);
    runtime.stop();
    if (state !== 'idle' && state !== 'finished' && state !== 'error') {
      stoppedByUser = true;
      consoleView.append('info', 'Stopped.');
    }
    updateStatus();
  }

  // Stepping starts the editor's script (paused at its first step) when nothing is loaded.
  function step(kind) {
    if (!ready()) return;
    const state = stateClass(runtime.status().state);
    if (state === 'running') return;
    if (state === 'idle' || state === 'finished' || state === 'error') {
      stoppedByUser = false;
      consoleView.clear();
      editor.setErrorLine(-1);
      runtime.setMemoryLimit(memoryLimit());
      if (!runtime.load(editor.getText())) {
        updateStatus();
        return;
      }
    }
    if (kind === 'line') runtime.stepLine();
    else runtime.stepInstruction();
    updateStatus();
  }

  function gcStep(kind) {
    if (!ready()) return;
    if (kind === 'unit') runtime.gcStepUnit();
    else if (kind === 'phase') runtime.gcStepPhase();
    else runtime.gcFullCycle();
    updateStatus();
  }

  $('run').addEventListener('click', run);
  $('embed-run').addEventListener('click', run);
  $('pause').addEventListener('click', togglePause);
  $('stop').addEventListener('click', stop);
  $('embed-stop').addEventListener('click', stop);
  $('step-line').addEventListener('click', () => step('line'));
  $('step-instruction').addEventListener('click', () => step('instruction'));
  $('console-clear').addEventListener('click', () => consoleView.clear());

  // --- Share links, bug reports, step back ---------------------------------------------------------

  const pageUrl = () => window.location.origin + window.location.pathname;
  const linkInHash = () => /^#?r=/.test(window.location.hash);
  let replayStatus = { message: '', ok: false };

  function showReplayStatus(message, good) {
    replayStatus = { message, ok: good };
    const element = $('status-replay');
    element.textContent = message;
    element.className = message ? (good ? 'ok' : 'bad') : '';
  }

  // Opens the share link in the address's fragment: replays it into a fresh VM.
  function openLinkFromHash() {
    if (!ready() || !linkInHash()) return null;
    return openLink(window.location.hash);
  }

  // Opens a share link (address, "#r=..." or payload); returns {ok, message, source}.
  function openLink(text) {
    if (!ready()) return null;
    consoleView.clear();
    editor.setErrorLine(-1);
    stoppedByUser = false;
    const result = runtime.openLink(text);
    linkMode = true;
    if (result.ok) {
      editor.setText(result.source);
    } else {
      editor.setText(`-- This share link could not be opened:\n-- ${result.message}\n`);
    }
    showReplayStatus(result.message, result.ok && result.message.startsWith('reproduced'));
    updateStatus();
    return result;
  }
  window.addEventListener('hashchange', () => {
    if (linkInHash()) openLinkFromHash();
  });

  // Shows `text` for copying and tries the clipboard.
  function share(title, text) {
    tricolor.lastCopied = text;
    $('share-title').textContent = title;
    $('share-text').value = text;
    $('share-note').textContent = 'Copying to the clipboard…';
    const dialog = $('share-dialog');
    if (!dialog.open) dialog.showModal();
    $('share-text').select();
    const done = (note) => { $('share-note').textContent = note; };
    try {
      navigator.clipboard.writeText(text).then(
        () => done('Copied to the clipboard ✓ (the recording is in the link itself: nothing is uploaded).'),
        () => done('The browser did not allow the clipboard: select the text and copy it (Ctrl+C).'));
    } catch {
      done('Select the text and copy it (Ctrl+C).');
    }
  }
  $('share-close').addEventListener('click', () => $('share-dialog').close());

  function copyLink() {
    if (!ready()) return null;
    const link = runtime.shareLink();
    if (!link) {
      consoleView.append('info', 'Run or step a program first: a link replays what was done.');
      return null;
    }
    const url = `${pageUrl()}#r=${link}`;
    share('Share link', url);
    return url;
  }

  function copyReport() {
    if (!ready()) return null;
    const report = runtime.bugReport(pageUrl());
    if (!report) {
      consoleView.append('info', 'Run or step a program first: a bug report carries a link that replays it.');
      return null;
    }
    share('Bug report (Markdown)', report);
    return report;
  }

  function stepBack() {
    if (!ready()) return false;
    const ok = runtime.stepBack();
    updateStatus();
    return ok;
  }

  function timelineJump(point) {
    if (!ready()) return false;
    const ok = runtime.timelineJump(point);
    updateStatus();
    return ok;
  }

  $('copy-link').addEventListener('click', copyLink);
  $('copy-report').addEventListener('click', copyReport);
  $('step-back').addEventListener('click', stepBack);
  $('timeline').addEventListener('input', () => {
    $('timeline-label').textContent = `${$('timeline').value}/${$('timeline').max}`;
  });
  $('timeline').addEventListener('change', () => timelineJump(Number($('timeline').value)));

  // The stdin line.
  $('input-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('input-line');
    const line = input.value;
    input.value = '';
    if (!ready()) return;
    consoleView.append('stdin', line + '\n');
    runtime.provideInput(line);
    updateStatus();
  });

  // Page-wide keys (the editor handles Ctrl+Enter itself; this catches it elsewhere too).
  document.addEventListener('keydown', (event) => {
    const mod = event.ctrlKey || event.metaKey;
    if (mod && event.key === 'Enter') {
      event.preventDefault();
      run();
    } else if (mod && (event.key === 's' || event.key === 'S')) {
      event.preventDefault();
      if (!options.embed) {
        store.set(SCRIPT_KEY, editor.getText());
        consoleView.append('info', 'Saved in this browser (it is also kept automatically as you type).');
      }
    } else if (event.key === 'F8') {
      event.preventDefault();
      if (event.shiftKey) stop();
      else togglePause();
    } else if (event.key === 'F10') {
      event.preventDefault();
      step('line');
    } else if (event.key === 'F11') {
      event.preventDefault();
      step('instruction');
    } else if (event.key === 'F1') {
      event.preventDefault();
      openHelp();
    } else {
      return;
    }
  });

  // --- Status bar and editor markers -------------------------------------------------------------

  let lastJson = '';
  function updateStatus() {
    if (!ready()) return;
    const status = runtime.status();
    const json = JSON.stringify(status);
    if (json === lastJson) return;
    lastJson = json;
    const state = stateClass(status.state);
    for (const element of [$('status-state'), $('embed-state')]) {
      element.className = `state state-${state}`;
      element.querySelector('.text').textContent =
        state === 'idle' && stoppedByUser ? 'stopped' : STATE_TEXT[state] || status.state;
      element.title = status.state;
    }
    $('status-instructions').textContent = `${Number(status.instructions).toLocaleString('en-US')} instructions`;
    $('status-line').textContent = status.line > 0 ? `line ${status.line}` : '';
    $('status-memory').textContent = status.memoryBytes > 0
      ? `${formatBytes(status.memoryBytes)} / ${status.memoryLimitMb.toFixed(0)} MB` : '';
    body.dataset.state = state;

    const pauseButton = $('pause');
    const canContinue = state === 'paused' || state === 'locked';
    pauseButton.querySelector('.label').textContent = canContinue ? 'Continue' : 'Pause';
    pauseButton.classList.toggle('can-continue', canContinue);
    pauseButton.disabled = !(canContinue || state === 'running' || state === 'input' || state === 'message');
    const active = state === 'running' || canContinue || state === 'input' || state === 'message';
    $('stop').disabled = !active;
    $('embed-stop').disabled = !active;
    $('step-line').disabled = state === 'running';
    $('step-instruction').disabled = state === 'running';
    const points = Number(status.timeline) || 0;
    const timeline = $('timeline');
    timeline.max = String(Math.max(0, points - 1));
    timeline.value = String(status.cursor || 0);
    timeline.disabled = points < 2;
    $('timeline-label').textContent = `${status.cursor || 0}/${Math.max(0, points - 1)}`;
    $('step-back').disabled = points < 1;
    $('copy-link').disabled = points < 1;
    $('copy-report').disabled = points < 1;

    const showMarkers = state === 'paused' || state === 'locked' || state === 'input' || state === 'message';
    editor.setMarkers(showMarkers ? status.line : -1, status.siteLine);

    if (state !== lastState) {
      onStateChange(lastState, state, status);
      lastState = state;
    }
  }

  function onStateChange(from, to, status) {
    const inputRow = $('input-form');
    inputRow.classList.toggle('waiting', to === 'input');
    if (to === 'input') {
      $('input-line').placeholder = 'The program waits for a line (io.read): type it and press Enter';
      $('input-line').focus({ preventScroll: true });
    } else {
      $('input-line').placeholder = 'A line for io.read() — press Enter to send';
    }
    if (to === 'finished' && (from === 'running' || from === 'input' || from === 'message')) {
      const seconds = ((performance.now() - runStarted) / 1000).toFixed(2);
      consoleView.append('info',
        `Finished: ${Number(status.instructions).toLocaleString('en-US')} instructions in ${seconds} s.`);
    }
  }

  function statusLoop() {
    updateStatus();
    requestAnimationFrame(statusLoop);
  }

  // --- Examples ---------------------------------------------------------------------------------

  const menu = $('examples-menu');
  const menuButton = $('examples-button');
  for (const example of examples) {
    const item = document.createElement('button');
    item.type = 'button';
    item.setAttribute('role', 'menuitem');
    item.dataset.example = example.id;
    const title = document.createElement('span');
    title.className = 'item-title';
    title.textContent = example.title;
    const summary = document.createElement('span');
    summary.className = 'item-summary';
    summary.textContent = example.summary;
    item.append(title, summary);
    item.addEventListener('click', () => {
      closeMenu();
      loadExample(example.id);
    });
    menu.append(item);
  }
  function openMenu() {
    menu.hidden = false;
    menuButton.setAttribute('aria-expanded', 'true');
    menu.querySelector('button').focus();
  }
  function closeMenu() {
    menu.hidden = true;
    menuButton.setAttribute('aria-expanded', 'false');
  }
  menuButton.addEventListener('click', () => (menu.hidden ? openMenu() : closeMenu()));
  document.addEventListener('pointerdown', (event) => {
    if (!menu.hidden && !event.target.closest('.menu-wrap')) closeMenu();
  });
  menu.addEventListener('keydown', (event) => {
    const items = [...menu.querySelectorAll('button')];
    const index = items.indexOf(document.activeElement);
    if (event.key === 'Escape') {
      closeMenu();
      menuButton.focus();
    } else if (event.key === 'ArrowDown') {
      items[(index + 1) % items.length].focus();
    } else if (event.key === 'ArrowUp') {
      items[(index - 1 + items.length) % items.length].focus();
    } else {
      return;
    }
    event.preventDefault();
  });

  const lesson = $('lesson');
  function showLesson(example) {
    if (!example || !example.lesson) {
      lesson.hidden = true;
      return;
    }
    $('lesson-title').textContent = example.title;
    renderLesson($('lesson-body'), example.lesson);
    lesson.hidden = false;
    lesson.open = true;
  }
  $('lesson-close').addEventListener('click', (event) => {
    event.preventDefault();
    lesson.hidden = true;
  });

  // Puts an example's code into the editor (undoable) and shows its lesson.
  function loadExample(id) {
    const example = findExample(id);
    if (!example) return false;
    if (ready()) runtime.stop();
    editor.setText(example.code);
    showLesson(example);
    consoleView.clear();
    consoleView.append('info', `Loaded the example "${example.title}". Press Run (Ctrl+Enter).`);
    editor.focus();
    return true;
  }
  if (initialExample) showLesson(initialExample);

  // --- Help -------------------------------------------------------------------------------------

  const help = $('help-dialog');
  function openHelp() {
    if (!help.open) help.showModal();
  }
  $('help-button').addEventListener('click', openHelp);
  $('help-close').addEventListener('click', () => help.close());
  help.addEventListener('click', (event) => {
    if (event.target === help) help.close(); // a click on the backdrop
  });

  // --- window.tricolor ----------------------------------------------------------------------------

  const tricolor = {
    ready: false,
    frameCount: () => runtime.frameCount(),
    mainWindowVisible: () => runtime.mainWindowVisible(),
    version: () => runtime.version(),
    status: () => (ready() ? runtime.status() : { state: 'loading' }),
    run,
    pause: togglePause,
    stop,
    stepLine: () => step('line'),
    stepInstruction: () => step('instruction'),
    provideInput: (line) => runtime.provideInput(line),
    gcStep, // 'unit', 'phase' or 'cycle' 
    loadExample,
    examples: examples.map(({ id, title, summary }) => ({ id, title, summary })),
    editor: {
      getText: () => editor.getText(),
      setText: (text) => editor.setText(text),
      cursorLine: () => editor.cursorLine(),
      markers: () => editor.markers(),
    },
    consoleText: () => consoleView.text(),
    shareLink: () => (ready() ? runtime.shareLink() : ''),
    bugReport: () => (ready() ? runtime.bugReport(pageUrl()) : ''),
    copyLink,
    copyReport,
    lastCopied: null,
    openLink,
    replayStatus: () => replayStatus,
    digest: () => (ready() ? runtime.digest() : null),
    stepBack,
    timelineJump,
    setGcParameters: (pause, stepMul, stepSizeLog2) => runtime.setGcParameters(pause, stepMul, stepSizeLog2),
  };
  window.tricolor = tricolor;
}

main();
