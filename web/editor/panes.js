// web/editor/panes.js — resizable panes. A splitter is a thin bar between two panes; dragging it
// (or using the arrow keys when it has focus) sets a CSS custom property on the layout element,
// as a fraction of the layout's size, kept in localStorage. Double-click resets it.
//
// The ImGui canvas fills the whole viewport underneath the page; the visualizer pane is a
// transparent hole in the page, and its box is handed to the Playground (setViewport) so that the
// ImGui panels tile exactly that part (followRect).

function clamp(value, low, high) {
  return Math.min(high, Math.max(low, value));
}

// splitter: the bar; layout: the element whose `property` (a CSS variable, e.g. --left-width)
// is set, as a percentage, and `property`-ratio as a plain number); axis: 'x' (a vertical bar moving left-right) or 'y'; min/max: fraction bounds.
export function makeSplitter({ splitter, layout, property, axis, initial, min = 0.15, max = 0.85,
                               storageKey = null, store = null }) {
  let fraction = initial;
  const saved = store && storageKey ? Number(store.get(storageKey)) : NaN;
  if (saved >= min && saved <= max) fraction = saved;

  function apply(value, persist) {
    fraction = clamp(value, min, max);
    layout.style.setProperty(property, `${(fraction * 100).toFixed(2)}%`);
    layout.style.setProperty(`${property}-ratio`, fraction.toFixed(4));
    splitter.setAttribute('aria-valuenow', String(Math.round(fraction * 100)));
    if (persist && store && storageKey) store.set(storageKey, fraction.toFixed(4));
  }
  apply(fraction, false);

  splitter.setAttribute('role', 'separator');
  splitter.setAttribute('aria-orientation', axis === 'x' ? 'vertical' : 'horizontal');
  splitter.setAttribute('aria-valuemin', String(Math.round(min * 100)));
  splitter.setAttribute('aria-valuemax', String(Math.round(max * 100)));
  splitter.tabIndex = 0;

  splitter.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    splitter.setPointerCapture(event.pointerId);
    splitter.classList.add('dragging');
    document.body.classList.add(axis === 'x' ? 'resizing-x' : 'resizing-y');
    const box = layout.getBoundingClientRect();
    const move = (e) => {
      const position = axis === 'x' ? (e.clientX - box.left) / box.width : (e.clientY - box.top) / box.height;
      apply(position, false);
    };
    const up = () => {
      splitter.removeEventListener('pointermove', move);
      splitter.removeEventListener('pointerup', up);
      splitter.removeEventListener('pointercancel', up);
      splitter.classList.remove('dragging');
      document.body.classList.remove('resizing-x', 'resizing-y');
      apply(fraction, true);
    };
    splitter.addEventListener('pointermove', move);
    splitter.addEventListener('pointerup', up);
    splitter.addEventListener('pointercancel', up);
  });
  splitter.addEventListener('keydown', (event) => {
    const step = event.shiftKey ? 0.1 : 0.02;
    const back = axis === 'x' ? 'ArrowLeft' : 'ArrowUp';
    const forward = axis === 'x' ? 'ArrowRight' : 'ArrowDown';
    if (event.key === back) apply(fraction - step, true);
    else if (event.key === forward) apply(fraction + step, true);
    else return;
    event.preventDefault();
  });
  splitter.addEventListener('dblclick', () => apply(initial, true));
  return { set: (value) => apply(value, true), get: () => fraction };
}

// Calls onRect(rect) with `element`'s bounding box (CSS pixels, relative to the viewport) whenever
// it moves or changes size, at most once per animation frame.
export function followRect(element, onRect) {
  let queued = false;
  const report = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      onRect(element.getBoundingClientRect());
    });
  };
  new ResizeObserver(report).observe(element);
  window.addEventListener('resize', report);
  report();
  return report;
}
