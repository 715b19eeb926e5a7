// Search by words (CLIP text search) or "more like this" an image, when a CLIP model is configured.
import { get, catalogPath, withQuery } from '../api.js';
import { h, render, errorBox } from '../dom.js';
import { catalogHeader } from './catalog-nav.js';
import { fileName } from '../format.js';

export async function show({ id }, query) {
  const catalog = await get(catalogPath(id));
  document.title = `Search ${catalog.name} · Lumina`;
  const base = `/catalogs/${encodeURIComponent(catalog.id)}`;
  const report = await get(`${catalogPath(catalog.id)}/health?format=json`);
  if (!report.clip_configured) {
    render(catalogHeader(catalog, 'search'), h('div', { class: 'empty' }, 'Search needs a CLIP model: set ', h('code', {}, 'LUMINA_CLIP_MODEL'), ' to a model folder (docs/clip-models.md) and run the clip job.'));
    return;
  }
  const q = query.get('q') || '', similar = query.get('similar') || '';
  const box = h('input', { type: 'search', name: 'q', value: q, placeholder: 'a dog on the beach', 'aria-label': 'Search words', size: 40 });
  const form = h('form', { class: 'filters', role: 'search', method: 'get', action: `${base}/search` }, box, h('button', { type: 'submit', class: 'primary' }, 'Search'));
  let results = null;
  if (q || similar) {
    try {
      const hits = await get(withQuery(`${catalogPath(catalog.id)}/search`, similar ? { similar } : { q }));
      results = hits.length ? h('div', { class: 'grid', role: 'list', 'aria-label': 'Results' }, hits.map(hit =>
        h('a', { class: 'tile', role: 'listitem', href: `${base}/images/${hit.image_id}`, 'aria-label': fileName(hit.path), title: hit.path },
          hit.thumbnail_url ? h('img', { src: hit.thumbnail_url, alt: '' }) : h('span', { class: 'noimg' }, fileName(hit.path)),
          h('span', { class: 'flag' }, hit.score.toFixed(3)), h('span', { class: 'cap' }, fileName(hit.path)))))
        : h('div', { class: 'empty' }, 'Nothing found.');
    } catch (e) { results = errorBox(e); }
  }
  render(catalogHeader(catalog, 'search'), form, similar ? h('p', { class: 'muted' }, `Images most like ${similar}`) : null, results);
  box.focus();
}
