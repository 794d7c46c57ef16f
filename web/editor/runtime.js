// web/editor/runtime.js — the bridge to the wasm app (tricolor.js + tricolor.wasm, built from
// web/main.cpp). Defines the Emscripten `Module` before tricolor.js runs (this bundle is loaded
// first, both with `defer`), reports loading progress and failures, and wraps the exported
// `tricolor_*` functions.
//
// The VM lives in the wasm module on the main thread; the page only calls these functions between
// animation frames, so Stop and Pause take effect before the next slice runs.

// Calls `onReady()` once the runtime is up; `onOutput(kind, text)` for program output;
// `onLoading(text)` for progress; `onFailure(text)` when loading or the runtime fails.
// `onSiteClicked(line)` when the user clicks an allocation site in the visualizer.
export function startRuntime({ canvas, onReady, onOutput, onLoading, onFailure, onSiteClicked }) {
  let ready = false;
  const Module = {
    canvas,
    // Output of the C++ side's own printf (not the Lua program's): the browser console.
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    // The C library's stdin is never the page: without this, Emscripten would ask with
    // window.prompt(). A Lua script's io.read gets its lines from the Playground (the stdin line).
    stdin: () => null,
    setStatus: (text) => {
      if (text) onLoading(text);
    },
    tricolorOutput: (kind, text) => onOutput(kind, text),
    tricolorSiteClicked: (line) => onSiteClicked(line),
    onRuntimeInitialized: () => {
      ready = true;
      onReady();
    },
    onAbort: (what) => onFailure(`The WebAssembly app stopped: ${what}`),
  };
  window.Module = Module;

  window.addEventListener('error', (event) => {
    if (event.target && event.target.tagName === 'SCRIPT') {
      onFailure(`Could not load ${event.target.src}`);
    }
  }, true);

  // Copies a JS string into wasm memory for the duration of fn(pointer).
  function withCString(text, fn) {
    const size = Module.lengthBytesUTF8(text) + 1;
    const pointer = Module._malloc(size);
    try {
      Module.stringToUTF8(text, pointer, size);
      return fn(pointer);
    } finally {
      Module._free(pointer);
    }
  }

  return {
    isReady: () => ready,
    frameCount: () => (ready ? Module._tricolor_frame_count() : 0),
    mainWindowVisible: () => ready && Module._tricolor_main_window_visible() === 1,
    version: () => (ready ? Module.UTF8ToString(Module._tricolor_version()) : ''),
    load: (source) => withCString(source, (p) => Module._tricolor_load(p) === 1),
    run: () => Module._tricolor_run(),
    pause: () => Module._tricolor_pause(),
    stop: () => Module._tricolor_stop(),
    stepInstruction: () => Module._tricolor_step_instruction(),
    stepLine: () => Module._tricolor_step_line(),
    provideInput: (line) => withCString(line, (p) => Module._tricolor_provide_input(p)),
    gcStepUnit: () => Module._tricolor_gc_step_unit(),
    gcStepPhase: () => Module._tricolor_gc_step_phase(),
    gcFullCycle: () => Module._tricolor_gc_full_cycle(),
    setMemoryLimit: (mb) => Module._tricolor_set_memory_limit(mb),
    setViewport: (x, y, width, height) => Module._tricolor_set_viewport(x, y, width, height),
    status: () => JSON.parse(Module.UTF8ToString(Module._tricolor_status_json())),
    // Recording: share links, bug reports, step back (web/main.cpp).
    shareLink: () => Module.UTF8ToString(Module._tricolor_share_link()),
    bugReport: (pageUrl) => withCString(pageUrl, (p) => Module.UTF8ToString(Module._tricolor_bug_report(p))),
    openLink: (link) => withCString(link, (p) => JSON.parse(Module.UTF8ToString(Module._tricolor_open_link(p)))),
    digest: () => JSON.parse(Module.UTF8ToString(Module._tricolor_digest())),
    stepBack: () => Module._tricolor_step_back() === 1,
    setGcParameters: (pause, stepMul, stepSizeLog2) => Module._tricolor_set_gc_parameters(pause, stepMul, stepSizeLog2),
    timelineJump: (point) => Module._tricolor_timeline_jump(point) === 1,
  };
}
