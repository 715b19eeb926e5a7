// Catalogs: each with its image count, coverage and health summary, and its newest thumbnails.
import { get, catalogPath, withQuery } from '../api.js';
import { h, fill, render, errorBox } from '../dom.js';
import { count } from '../format.js';

export async function show() {
  const catalogs = await get('/api/catalogs');
  document.title = 'Catalogs · Lumina';
  if (catalogs.length === 0) {
    render(h('h1', {}, 'Catalogs'), h('div', { class: 'empty' }, 'No catalog yet. Create one with ', h('code', {}, './lumina rebuild <folder>'), ' or POST /api/catalogs.'));
    return;
  }
  const cards = catalogs.map(c => h('section', { class: 'card', 'aria-label': `Catalog ${c.name}`, dataset: { catalog: c.id } },
    h('h3', {}, h('a', { href: `/catalogs/${encodeURIComponent(c.id)}` }, c.name)),
    h('div', { class: 'muted mono' }, c.source),
    h('div', { class: 'summary' }, h('p', { class: 'muted' }, 'Reading the health report…'))));
  render(h('h1', {}, 'Catalogs'), h('p', { class: 'muted' }, count(catalogs.length, 'catalog')), h('div', { class: 'cards' }, cards));
  await Promise.all(catalogs.map((c, i) => summarize(c, cards[i].querySelector('.summary'))));
}

async function summarize(catalog, box) {
  let report;
  try { report = await get(`${catalogPath(catalog.id)}/health?format=json`); }
  catch (e) { fill(box, errorBox(e)); return; }
  const base = `/catalogs/${encodeURIComponent(catalog.id)}`;
  const stat = (n, one, many, href) => h('div', { class: 'stat' }, h('b', {}, href ? h('a', { href }, n.toLocaleString('en')) : n.toLocaleString('en')), h('span', {}, n === 1 ? one : many));
  const coverage = report.coverage.filter(l => l.of > 0).slice(0, 6);
  const todo = report.recommendations.length;
  fill(box, 
    h('div', { class: 'stats' },
      stat(report.images, 'image', 'images', base),
      stat(report.duplicate_groups.length, 'duplicate group', 'duplicate groups', `${base}/duplicates`),
      stat(report.bursts.length, 'burst', 'bursts', `${base}/bursts`),
      stat(report.failures.length, 'failed', 'failed', report.failures.length ? `${base}?failed=yes` : null)),
    coverage.length ? h('div', { class: 'coverage', 'aria-label': 'Coverage' }, coverage.map(l => [
      h('span', {}, l.metadata),
      h('div', { class: 'meter', role: 'meter', 'aria-label': `${l.metadata} coverage`, 'aria-valuenow': l.of ? l.percent : 0, 'aria-valuemin': 0, 'aria-valuemax': 100 }, h('i', { style: `width:${l.of ? l.percent : 0}%` })),
      h('span', { class: 'muted' }, `${l.percent}%`)])) : null,
    h('p', { class: todo ? 'warn' : 'good' }, todo ? `${count(todo, 'recommended job')}: ${report.recommendations[0].reason}` : 'Healthy: nothing to do.'),
    h('div', { class: 'thumbs grid', style: 'grid-template-columns: repeat(6, 1fr); gap: 4px' }),
    h('div', { class: 'links' }, h('a', { href: base }, 'Library'), h('a', { href: `${base}/duplicates` }, 'Review duplicates'),
      h('a', { href: `${base}/bursts` }, 'Review bursts'), h('a', { href: `${base}/health` }, 'Health report')));
  try {
    const page = await get(withQuery(`${catalogPath(catalog.id)}/images`, { limit: 6 }));
    box.querySelector('.thumbs').append(...page.items.map(i => h('a', { class: 'tile', href: `${base}/images/${i.id}`, 'aria-label': i.path },
      i.thumbnail ? h('img', { src: i.thumbnail, alt: '', loading: 'lazy' }) : h('span', { class: 'noimg' }, '—'))));
  } catch { /* no thumbnails to show */ }
}
