// web/worker.js — the Web Worker side of Tricolor's workers (web/workers.h has the protocol).
//
// Loads the page's own tricolor.js + tricolor.wasm with noInitialRun (main(), the window and the
// visualizer never start here) and runs one worker VM through the exports of web/workers.cpp:
// tricolor_worker_start, then tricolor_worker_run in slices of a few milliseconds, each one
// scheduled as a task of its own (MessageChannel), so messages from the page are taken in between
// and the page's terminate() always ends us, even in `while true do end`. Only wire bytes and
// small control notices cross postMessage. A wasm trap, an abort or a JavaScript error here is
// reported to the page as a crash, never silently.
'use strict';

const SLICE_MILLISECONDS = 8;
const RUNNING = 0;
const ENDED = 2;

let ready = false;
let started = false;
let state = RUNNING;
let scheduled = false;
const early = []; // messages that arrived before the runtime was up

function crash(what) {
  if (state === ENDED) return;
  state = ENDED;
  const text = what && what.message ? `${what.name || 'Error'}: ${what.message}` : String(what);
  self.postMessage({ type: 'crash', text });
  self.close();
}

// The same Module the page uses, minus main(): print/printErr only carry the C++ side's own
// diagnostics (a Lua script's output travels as messages).
var Module = {
  noInitialRun: true,
  print: (text) => console.log(`[worker] ${text}`),
  printErr: (text) => console.warn(`[worker] ${text}`),
  onRuntimeInitialized: () => {
    ready = true;
    for (const data of early.splice(0)) handle(data);
  },
  onAbort: (what) => crash(`aborted: ${what}`),
};
self.Module = Module;

// Copies bytes into wasm memory for the duration of fn(pointer).
function withBytes(bytes, fn) {
  const pointer = Module._malloc(bytes.length + 1);
  try {
    Module.HEAPU8.set(bytes, pointer);
    return fn(pointer);
  } finally {
    Module._free(pointer);
  }
}

const channel = new MessageChannel();
channel.port1.onmessage = slice;

function schedule() {
  if (scheduled || state === ENDED || !started) return;
  scheduled = true;
  channel.port2.postMessage(0);
}

function slice() {
  scheduled = false;
  if (state === ENDED) return;
  try {
    state = Module._tricolor_worker_run(SLICE_MILLISECONDS);
  } catch (error) {
    crash(error);
    return;
  }
  if (state === ENDED) self.close();
  else if (state === RUNNING) schedule();
}

function handle(data) {
  if (state === ENDED || !data || typeof data !== 'object') return;
  try {
    if (data.type === 'start' && !started) {
      started = true;
      state = withBytes(data.spawn, (p) => Module._tricolor_worker_start(p, data.spawn.length));
      if (state === ENDED) {
        self.close();
        return;
      }
    } else if (data.type === 'batch') {
      if (data.credit) Module._tricolor_worker_credit(data.credit.m, data.credit.n);
      for (const item of data.items || []) {
        withBytes(item.b, (p) => Module._tricolor_worker_message(p, item.b.length, item.s || 0));
      }
    } else if (data.type === 'refused') {
      Module._tricolor_worker_refused(data.bytes || 0);
    }
  } catch (error) {
    crash(error);
    return;
  }
  state = RUNNING; // a waiting receive() looks again
  schedule();
}

self.onmessage = (event) => {
  if (ready) handle(event.data);
  else early.push(event.data);
};

self.onerror = (event) => {
  crash(event.message || 'an error in the worker');
  return true;
};

try {
  importScripts('tricolor.js');
} catch (error) {
  crash(error);
}
