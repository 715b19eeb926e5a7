// Elements built from data with textContent, never HTML strings, so no catalog value can inject markup.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    // Through the CSSOM: the page's Content-Security-Policy refuses style attributes, not style properties.
    else if (k === 'style') el.style.cssText = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces an element's content (arrays nest; null and false are left out). */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** Replaces the page's content. */
export const render = (...children) => fill(document.getElementById('app'), ...children);

/** A short message; with <action> ([label, fn]) a button in it, and it stays longer. */
export function toast(message, bad = false, action = null) {
  const box = document.getElementById('toast');
  const item = h('div', { class: bad ? 'bad' : '' }, message,
    action ? [' ', h('button', { type: 'button', onclick: () => { item.remove(); action[1](); } }, action[0])] : null);
  box.append(item);
  setTimeout(() => item.remove(), action ? 15000 : bad ? 8000 : 3500);
}

export const errorBox = e => h('div', { class: 'error', role: 'alert' }, e.message || String(e));

/** A modal dialog; resolves true when confirmed. Escape or Cancel resolves false. */
export function confirmDialog(title, text, action) {
  return new Promise(resolve => {
    const close = answer => { overlay.remove(); document.removeEventListener('keydown', onKey, true); resolve(answer); };
    const onKey = e => { if (e.key === 'Escape') { e.stopPropagation(); close(false); } };
    const ok = h('button', { type: 'button', class: 'primary', onclick: () => close(true) }, action);
    const overlay = h('div', { class: 'overlay', role: 'dialog', 'aria-modal': 'true', 'aria-label': title },
      h('div', { class: 'dialog' }, h('h2', {}, title), h('p', {}, text),
        h('div', { class: 'row' }, h('button', { type: 'button', onclick: () => close(false) }, 'Cancel'), ok)));
    document.addEventListener('keydown', onKey, true);
    document.body.append(overlay);
    ok.focus();
  });
}

/** A help overlay listing keyboard shortcuts, toggled by the returned function. */
export function helpOverlay(title, keys) {
  const overlay = h('div', { class: 'overlay', role: 'dialog', 'aria-modal': 'true', 'aria-label': title, hidden: true, id: 'help' },
    h('div', { class: 'dialog' }, h('h2', {}, title),
      h('div', { class: 'keys' }, keys.map(([k, what]) => [h('span', {}, k.split(' ').map(x => h('kbd', {}, x)), ' '), h('span', {}, what)])),
      h('div', { class: 'row' }, h('button', { type: 'button', onclick: () => { overlay.hidden = true; } }, 'Close'))));
  overlay.addEventListener('click', e => { if (e.target === overlay) overlay.hidden = true; });
  document.body.append(overlay);
  return show => { overlay.hidden = show === undefined ? !overlay.hidden : !show; };
}

/** True when a key press is typed into a field and must not be taken as a shortcut. */
export const typing = e => e.target instanceof HTMLElement && e.target.closest('input, select, textarea, [contenteditable]');
