// web/editor/editor.js — the Lua code editor: CodeMirror 6 with the Lua mode of
// @codemirror/legacy-modes, a dark theme matching the ImGui visualizer, and two line markers
// driven by the VM: the line a paused program stops at, and the allocation site of the object
// selected in the visualizer.
//
// Everything an editor user expects comes from CodeMirror's own extensions: undo/redo history,
// search and replace (Ctrl/Cmd+F), bracket matching, auto-indent, multiple selections, copy and
// paste. The page adds Ctrl/Cmd+Enter (run) through `onRun`.
import { EditorState, StateEffect, StateField, RangeSetBuilder } from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  highlightSpecialChars, drawSelection, dropCursor, rectangularSelection, crosshairCursor,
  Decoration, gutter, GutterMarker,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import {
  StreamLanguage, HighlightStyle, syntaxHighlighting, bracketMatching, indentOnInput, foldGutter,
  foldKeymap,
} from '@codemirror/language';
import { searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { lua } from '@codemirror/legacy-modes/mode/lua';
import { tags } from '@lezer/highlight';

// --- Markers: the paused line and the selected object's allocation site ---------------------

// {pausedLine, siteLine, errorLine}: 1-based line numbers, or -1 for none. An edit clears the
// error line (it described the old text).
const setMarkers = StateEffect.define();

const markerField = StateField.define({
  create: () => ({ pausedLine: -1, siteLine: -1, errorLine: -1 }),
  update(value, transaction) {
    if (transaction.docChanged && value.errorLine !== -1) value = { ...value, errorLine: -1 };
    for (const effect of transaction.effects) if (effect.is(setMarkers)) value = { ...value, ...effect.value };
    return value;
  },
});

const pausedLineDecoration = Decoration.line({ class: 'cm-paused-line' });
const siteLineDecoration = Decoration.line({ class: 'cm-site-line' });
const errorLineDecoration = Decoration.line({ class: 'cm-error-line' });

function lineDecorations(state) {
  const { pausedLine, siteLine, errorLine } = state.field(markerField);
  const builder = new RangeSetBuilder();
  const lines = state.doc.lines;
  const marks = [];
  if (errorLine >= 1 && errorLine <= lines && errorLine !== pausedLine && errorLine !== siteLine) {
    marks.push([errorLine, errorLineDecoration]);
  }
  if (siteLine >= 1 && siteLine <= lines) marks.push([siteLine, siteLineDecoration]);
  if (pausedLine >= 1 && pausedLine <= lines) marks.push([pausedLine, pausedLineDecoration]);
  marks.sort((a, b) => a[0] - b[0]);
  for (const [line, decoration] of marks) {
    const from = state.doc.line(line).from;
    builder.add(from, from, decoration);
  }
  return builder.finish();
}

const markerDecorations = EditorView.decorations.compute([markerField, 'doc'], lineDecorations);

class ArrowMarker extends GutterMarker {
  constructor(kind) {
    super();
    this.kind = kind;
  }
  eq(other) {
    return other.kind === this.kind;
  }
  toDOM() {
    const span = document.createElement('span');
    span.className = `cm-marker-${this.kind}`;
    span.textContent = { paused: '▶', site: '●', error: '✖' }[this.kind];
    span.title = {
      paused: 'the paused program runs this line next',
      site: 'the selected object was allocated here',
      error: 'the error was raised here',
    }[this.kind];
    return span;
  }
}
const pausedMarker = new ArrowMarker('paused');
const siteMarker = new ArrowMarker('site');
const errorMarker = new ArrowMarker('error');

const markerGutter = gutter({
  class: 'cm-vm-gutter',
  lineMarker(view, line) {
    const { pausedLine, siteLine, errorLine } = view.state.field(markerField);
    const number = view.state.doc.lineAt(line.from).number;
    if (number === pausedLine) return pausedMarker;
    if (number === siteLine) return siteMarker;
    if (number === errorLine) return errorMarker;
    return null;
  },
  lineMarkerChange: (update) => update.startState.field(markerField) !== update.state.field(markerField),
  initialSpacer: () => pausedMarker,
});

// --- Look ---------------------------------------------------------------------------------

// Colours chosen to sit next to ImGui's dark theme (see web/shell.css for the same palette).
const darkTheme = EditorView.theme({
  '&': { color: '#d8dee9', backgroundColor: '#181b21', height: '100%' },
  '.cm-content': { caretColor: '#e5e9f0', fontFamily: 'var(--mono)' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: '#e5e9f0' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection':
    { backgroundColor: '#3b4a63' },
  '.cm-gutters': { backgroundColor: '#15181d', color: '#5c667a', border: 'none' },
  '.cm-activeLineGutter': { backgroundColor: '#1f242c', color: '#aab4c5' },
  '.cm-activeLine': { backgroundColor: '#1d2129' },
  '.cm-paused-line': { backgroundColor: 'rgba(235, 190, 80, 0.22)', boxShadow: 'inset 3px 0 #ebbe50' },
  '.cm-site-line': { backgroundColor: 'rgba(110, 170, 255, 0.18)', boxShadow: 'inset 3px 0 #6eaaff' },
  '.cm-error-line': { backgroundColor: 'rgba(239, 107, 107, 0.16)', boxShadow: 'inset 3px 0 #ef6b6b' },
  '.cm-marker-error': { color: '#ef6b6b' },
  '.cm-marker-paused': { color: '#ebbe50' },
  '.cm-marker-site': { color: '#6eaaff' },
  '.cm-vm-gutter .cm-gutterElement': { padding: '0 2px 0 4px', fontSize: '11px' },
  '.cm-matchingBracket': { backgroundColor: '#2f3b4f', outline: '1px solid #4d5b73' },
  '.cm-searchMatch': { backgroundColor: 'rgba(235, 190, 80, 0.25)' },
  '.cm-searchMatch.cm-searchMatch-selected': { backgroundColor: 'rgba(235, 190, 80, 0.5)' },
  '.cm-selectionMatch': { backgroundColor: '#2a3340' },
  '.cm-panels': { backgroundColor: '#20242c', color: '#d8dee9' },
  '.cm-panels.cm-panels-top': { borderBottom: '1px solid #2c323c' },
  '.cm-panels.cm-panels-bottom': { borderTop: '1px solid #2c323c' },
  '.cm-panel input, .cm-panel button, .cm-panel label': { fontSize: '13px' },
  '.cm-textfield': { backgroundColor: '#14171c', color: '#d8dee9', border: '1px solid #3a414d' },
  '.cm-button': { backgroundImage: 'none', backgroundColor: '#2a303a', color: '#d8dee9', border: '1px solid #3a414d' },
  '.cm-foldPlaceholder': { backgroundColor: '#2a303a', border: 'none', color: '#aab4c5' },
  '.cm-tooltip': { backgroundColor: '#20242c', border: '1px solid #3a414d' },
}, { dark: true });

const luaHighlight = HighlightStyle.define([
  { tag: tags.keyword, color: '#c693e8' },
  { tag: [tags.string, tags.special(tags.string)], color: '#a3d17f' },
  { tag: tags.number, color: '#f0a35e' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: '#6c7a92', fontStyle: 'italic' },
  { tag: [tags.standard(tags.variableName), tags.variableName], color: '#d8dee9' },
  { tag: tags.special(tags.variableName), color: '#79c0e8' },
  { tag: [tags.bool, tags.null, tags.atom], color: '#f0a35e' },
  { tag: tags.operator, color: '#9fb3c8' },
  { tag: tags.bracket, color: '#9fb3c8' },
]);

// --- The editor -------------------------------------------------------------------------------

// Creates the editor in `parent`. Options: doc (initial text), onRun (Ctrl/Cmd+Enter),
// onChange(text) (debounced by the caller if needed).
export function createEditor(parent, { doc = '', onRun = () => {}, onChange = () => {} } = {}) {
  const runKeys = keymap.of([
    { key: 'Mod-Enter', preventDefault: true, run: () => { onRun(); return true; } },
    { key: 'Shift-Enter', preventDefault: true, run: () => { onRun(); return true; } },
  ]);
  const state = EditorState.create({
    doc,
    extensions: [
      runKeys,
      markerField,
      markerDecorations,
      markerGutter,
      lineNumbers(),
      foldGutter({ openText: '▾', closedText: '▸' }),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      dropCursor(),
      EditorState.allowMultipleSelections.of(true),
      EditorState.tabSize.of(2),
      indentOnInput(),
      bracketMatching(),
      rectangularSelection(),
      crosshairCursor(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      StreamLanguage.define(lua),
      syntaxHighlighting(luaHighlight),
      darkTheme,
      keymap.of([...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap, indentWithTab]),
      EditorView.contentAttributes.of({ 'aria-label': 'Lua code', spellcheck: 'false' }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChange(update.state.doc.toString());
      }),
    ],
  });
  const view = new EditorView({ state, parent });

  return {
    view,
    getText: () => view.state.doc.toString(),
    // Replaces the whole text (one undoable change) and puts the cursor at the start.
    setText(text) {
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: text },
        selection: { anchor: 0 },
        scrollIntoView: true,
      });
    },
    focus: () => view.focus(),
    // Moves the cursor to the start of `line` (1-based; clamped), scrolls it into view, focuses.
    goToLine(line) {
      const doc = view.state.doc;
      const target = doc.line(Math.max(1, Math.min(doc.lines, line)));
      view.dispatch({
        selection: { anchor: target.from },
        effects: EditorView.scrollIntoView(target.from, { y: 'center' }),
      });
      view.focus();
    },
    cursorLine: () => view.state.doc.lineAt(view.state.selection.main.head).number,
    // Shows the paused line and the selected object's allocation line (-1: none).
    setMarkers(pausedLine, siteLine) {
      const current = view.state.field(markerField);
      if (current.pausedLine === pausedLine && current.siteLine === siteLine) return;
      const effects = [setMarkers.of({ pausedLine, siteLine })];
      // Keep a newly marked line in sight (without moving the cursor).
      const doc = view.state.doc;
      const reveal = pausedLine !== current.pausedLine ? pausedLine : siteLine !== current.siteLine ? siteLine : -1;
      if (reveal >= 1 && reveal <= doc.lines) {
        effects.push(EditorView.scrollIntoView(doc.line(reveal).from, { y: 'nearest' }));
      }
      view.dispatch({ effects });
    },
    // Marks the line an error was raised on (-1: none), until the next edit.
    setErrorLine(line) {
      if (view.state.field(markerField).errorLine === line) return;
      const effects = [setMarkers.of({ errorLine: line })];
      if (line >= 1 && line <= view.state.doc.lines) {
        effects.push(EditorView.scrollIntoView(view.state.doc.line(line).from, { y: 'nearest' }));
      }
      view.dispatch({ effects });
    },
    markers: () => ({ ...view.state.field(markerField) }),
  };
}
