// What duplicate and burst review share: i / N with first/previous/next/last, the address of the item shown,
// and the keyboard (shortcuts ignored while typing in a field or while a dialog is open).
import { h, typing } from '../dom.js';

export function navBar(item, noun, go) {
  const button = (label, target, key) => h('button', { type: 'button', 'aria-label': `${label} ${noun}`, 'aria-keyshortcuts': key, disabled: target === null || target === undefined || target === item.id ? true : null, onclick: () => go(target) }, label);
  return [
    h('span', { class: 'pos', 'aria-live': 'polite', id: 'position' }, `${item.index} / ${item.total}`),
    button('First', item.first, 'Home'), button('Previous', item.previous, 'ArrowLeft'),
    button('Next', item.next, 'ArrowRight'), button('Last', item.last, 'End'),
    button('Next undecided', item.next_undecided, 'N'),
  ];
}

export function onKeys(handlers) {
  document.addEventListener('keydown', e => {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
    if ((e.key === 'Enter' || e.key === ' ') && e.target instanceof Element && e.target.closest('button, a')) return;
    if (document.querySelector('.overlay:not([hidden])') && e.key !== '?' && e.key !== 'Escape') return;
    const handler = handlers[e.key];
    if (handler) { e.preventDefault(); handler(e); }
  });
}
