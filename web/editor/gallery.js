// web/editor/gallery.js — the examples gallery. Each example is a web/examples/*.lua file whose
// first block comment is its lesson:
//
//   --[[
//   Title: Weak tables and ephemerons
//   Summary: one line for the menu.
//
//   Paragraphs separated by blank lines. `code` in backticks.
//   Steps worth taking:
//   1. numbered or "- " bulleted lines become lists; a line ending in ':' is a heading.
//   ]]
//
// The code after the comment goes into the editor; the lesson is shown above it. esbuild bundles
// the files as text (--loader:.lua=text), so the gallery needs no network.
import tricolourBasics from '../examples/01-tricolour-basics.lua';
import writeBarrier from '../examples/02-write-barrier.lua';
import finalizers from '../examples/03-finalizers-resurrection.lua';
import weakTables from '../examples/04-weak-tables-ephemerons.lua';
import coroutines from '../examples/05-coroutines-upvalues.lua';
import workers from '../examples/workers.lua';
import toBeClosed from '../examples/07-to-be-closed.lua';
import heapWorkload from '../examples/08-gc-heavy-workload.lua';
import readingInput from '../examples/09-reading-input.lua';
import memoryLimit from '../examples/10-memory-limit.lua';

const SOURCES = [
  ['tricolour-basics', tricolourBasics],
  ['write-barrier', writeBarrier],
  ['finalizers', finalizers],
  ['weak-tables', weakTables],
  ['coroutines', coroutines],
  ['workers', workers],
  ['to-be-closed', toBeClosed],
  ['heap-workload', heapWorkload],
  ['reading-input', readingInput],
  ['memory-limit', memoryLimit],
];

// Splits a file into {title, summary, lesson (text), code}.
export function parseExample(id, text) {
  let header = '';
  let code = text;
  const match = /^--\[\[\n?([\s\S]*?)\]\]\n*/.exec(text);
  if (match) {
    header = match[1];
    code = text.slice(match[0].length);
  }
  let title = id;
  let summary = '';
  const lessonLines = [];
  for (const line of header.split('\n')) {
    const field = /^(Title|Summary):\s*(.*)$/.exec(line);
    if (field && field[1] === 'Title') title = field[2].trim();
    else if (field) summary = field[2].trim();
    else lessonLines.push(line);
  }
  return { id, title, summary, lesson: lessonLines.join('\n').trim(), code };
}

export const examples = SOURCES.map(([id, text]) => parseExample(id, text));

export function findExample(id) {
  return examples.find((e) => e.id === id) || null;
}

// Inline text with `code` spans, as DOM nodes.
function inline(text) {
  const nodes = [];
  const parts = text.split(/(`[^`]+`)/);
  for (const part of parts) {
    if (part.startsWith('`') && part.endsWith('`') && part.length > 1) {
      const code = document.createElement('code');
      code.textContent = part.slice(1, -1);
      nodes.push(code);
    } else if (part) {
      nodes.push(document.createTextNode(part));
    }
  }
  return nodes;
}

// Renders a lesson's text (paragraphs, lists, headings) into `container`.
export function renderLesson(container, lesson) {
  container.replaceChildren();
  const blocks = lesson.split(/\n\s*\n/);
  for (const block of blocks) {
    const lines = block.split('\n').filter((l) => l.trim());
    let paragraph = [];
    let list = null;
    const flushParagraph = () => {
      if (!paragraph.length) return;
      const p = document.createElement('p');
      p.append(...inline(paragraph.join(' ')));
      container.append(p);
      paragraph = [];
    };
    for (const raw of lines) {
      const line = raw.trim();
      const item = /^(?:(\d+)\.|-)\s+(.*)$/.exec(line);
      if (item) {
        flushParagraph();
        const kind = item[1] ? 'ol' : 'ul';
        if (!list || list.tagName.toLowerCase() !== kind) {
          list = document.createElement(kind);
          container.append(list);
        }
        const li = document.createElement('li');
        li.append(...inline(item[2]));
        list.append(li);
      } else if (list && /^\s/.test(raw)) {
        // An indented line continues the last list item.
        list.lastElementChild.append(' ', ...inline(line));
      } else if (line.endsWith(':') && line.length < 60) {
        flushParagraph();
        list = null;
        const h = document.createElement('h4');
        h.append(...inline(line));
        container.append(h);
      } else {
        list = null;
        paragraph.push(line);
      }
    }
    flushParagraph();
  }
}
