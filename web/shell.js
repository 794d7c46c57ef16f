// web/shell.js — the page's glue to the wasm app (no inline script in shell.html, so the page can
// later run under a Content-Security-Policy that forbids inline script).
//
// Defines the Emscripten `Module` before tricolor.js loads, shows loading progress and errors,
// and exposes `window.tricolor` for the page and the browser tests:
//   tricolor.ready              true once the wasm runtime is up
//   tricolor.frameCount()       frames drawn so far
//   tricolor.mainWindowVisible() whether the last frame drew the "Tricolor" window
//   tricolor.version()          the build's version
'use strict';

(function () {
  const status = document.getElementById('status');
  const canvas = document.getElementById('canvas');

  function showStatus(text, isError) {
    status.textContent = text;
    status.classList.toggle('error', Boolean(isError));
    status.classList.remove('hidden');
  }

  canvas.addEventListener('webglcontextlost', (event) => {
    event.preventDefault();
    showStatus('The WebGL context was lost; reload the page.', true);
  });
  canvas.addEventListener('contextmenu', (event) => event.preventDefault());

  const tricolor = {
    ready: false,
    frameCount: () => (tricolor.ready ? Module._tricolor_frame_count() : 0),
    mainWindowVisible: () => tricolor.ready && Module._tricolor_main_window_visible() === 1,
    version: () => (tricolor.ready ? Module.UTF8ToString(Module._tricolor_version()) : ''),
  };
  window.tricolor = tricolor;

  window.Module = {
    canvas,
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    setStatus: (text) => {
      if (text) showStatus(text, false);
    },
    onRuntimeInitialized: () => {
      tricolor.ready = true;
      status.classList.add('hidden');
    },
    onAbort: (what) => showStatus('Tricolor stopped: ' + what, true),
  };

  window.addEventListener('error', (event) => {
    if (event.target && event.target.tagName === 'SCRIPT') {
      showStatus('Could not load ' + event.target.src, true);
    }
  }, true);
})();
