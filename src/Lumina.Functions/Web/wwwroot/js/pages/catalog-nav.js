// The header of every page of one catalog: breadcrumbs and tabs.
import { h } from '../dom.js';

export function catalogHeader(catalog, current, title) {
  const base = `/catalogs/${encodeURIComponent(catalog.id)}`;
  const tab = (key, href, text) => h('a', { href, 'aria-current': key === current ? 'page' : null }, text);
  return [
    h('div', { class: 'crumbs' }, h('a', { href: '/' }, 'Catalogs'), '›', h('span', {}, catalog.name), title ? ['›', h('span', {}, title)] : null),
    h('nav', { class: 'tabs', 'aria-label': 'Catalog' },
      tab('library', base, 'Library'),
      tab('duplicates', `${base}/duplicates`, 'Duplicates'),
      tab('bursts', `${base}/bursts`, 'Bursts'),
      tab('health', `${base}/health`, 'Health'),
      tab('search', `${base}/search`, 'Search'),
      h('a', { href: `/jobs?catalog=${encodeURIComponent(catalog.id)}` }, 'Jobs')),
  ];
}
