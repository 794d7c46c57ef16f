// web/editor/console.js — the output console: program stdout and stderr, errors and the page's
// own notes, with every `main:LINE:` position turned into a link that moves the editor's cursor.
//
// Output arrives in many small pieces (a print in a tight loop can produce thousands per frame),
// so pieces are queued and written to the DOM once per animation frame, merged by kind. The
// console keeps at most MAX_CHARS characters: the oldest output is dropped, with a note.
const MAX_CHARS = 400000;
const KINDS = ['stdout', 'stderr', 'error', 'info'];
// "main:12:" (our chunk); also "main:12: in ..." traceback lines.
const POSITION = /\bmain:(\d+):/g;

export function createConsole(container, { onPosition = () => {} } = {}) {
  let pending = [];
  let scheduled = false;
  let chars = 0;
  let trimmedNote = null;

  // Appends text of one kind as a span, with the chunk positions as links.
  function appendSpan(kind, text) {
    const last = container.lastElementChild;
    const span = document.createElement('span');
    span.className = `out-${kind}`;
    let index = 0;
    for (const match of text.matchAll(POSITION)) {
      if (match.index > index) span.append(text.slice(index, match.index));
      const link = document.createElement('a');
      link.className = 'position';
      link.href = '#';
      link.dataset.line = match[1];
      link.title = `Go to line ${match[1]}`;
      link.textContent = match[0];
      span.append(link);
      index = match.index + match[0].length;
    }
    if (index < text.length) span.append(text.slice(index));
    if (last && last.className === span.className && !last.querySelector('a') && !span.querySelector('a') &&
        last.textContent.length < 4096) {
      last.append(...span.childNodes);
    } else {
      container.append(span);
    }
    chars += text.length;
  }

  function trim() {
    while (chars > MAX_CHARS) {
      let first = container.firstElementChild;
      if (first && first === trimmedNote) first = first.nextElementSibling;
      if (!first) break;
      chars -= first.textContent.length;
      first.remove();
    }
    if (!trimmedNote) {
      trimmedNote = document.createElement('div');
      trimmedNote.className = 'out-trimmed';
      trimmedNote.textContent = '(earlier output was dropped)';
    }
    container.prepend(trimmedNote);
  }

  function flush() {
    scheduled = false;
    if (pending.length === 0) return;
    const stick = container.scrollTop + container.clientHeight >= container.scrollHeight - 24;
    let kind = pending[0][0];
    let text = '';
    for (const [k, t] of pending) {
      if (k !== kind) {
        appendSpan(kind, text);
        kind = k;
        text = '';
      }
      text += t;
    }
    appendSpan(kind, text);
    pending = [];
    if (chars > MAX_CHARS) trim();
    if (stick) container.scrollTop = container.scrollHeight;
  }

  container.addEventListener('click', (event) => {
    const link = event.target.closest('a.position');
    if (!link) return;
    event.preventDefault();
    onPosition(Number(link.dataset.line));
  });

  return {
    // kind: 'stdout' | 'stderr' | 'error' | 'info', or the OutputKind number from the wasm side.
    append(kind, text) {
      if (typeof kind === 'number') kind = KINDS[kind] || 'stdout';
      if (!text) return;
      // Errors and notes always start on a line of their own and end it.
      if (kind === 'error' || kind === 'info') {
        const last = pending.length ? pending[pending.length - 1][1] : container.textContent.slice(-1);
        if (last && !last.endsWith('\n')) text = '\n' + text;
        if (!text.endsWith('\n')) text += '\n';
      }
      pending.push([kind, text]);
      if (!scheduled) {
        scheduled = true;
        requestAnimationFrame(flush);
      }
    },
    clear() {
      pending = [];
      chars = 0;
      container.replaceChildren();
    },
    flush,
    text: () => {
      flush();
      return container.textContent;
    },
  };
}
