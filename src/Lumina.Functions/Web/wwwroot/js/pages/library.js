// The library: thumbnails newest first, one keyset page at a time, narrowed by filters kept in the address.
import { get, catalogPath, withQuery } from '../api.js';
import { h, render } from '../dom.js';
import { catalogHeader } from './catalog-nav.js';
import { fileName, when } from '../format.js';

const PAGE = 60;
const FILTERS = ['from', 'to', 'camera', 'gps', 'tag', 'format', 'failed', 'duplicate', 'burst'];
// The choices routes answer {value, count} (docs/ui-api.md names the field camera or format).
const choice = c => c.value ?? c.camera ?? c.format;

export async function show({ id }, query) {
  const catalog = await get(catalogPath(id));
  document.title = `${catalog.name} · Lumina`;
  const filters = Object.fromEntries(FILTERS.map(f => [f, query.get(f) || '']));
  const [cameras, formats] = await Promise.all([get(`${catalogPath(catalog.id)}/cameras`), get(`${catalogPath(catalog.id)}/formats`)]);
  const limit = query.get('limit') || '';
  const page = await get(withQuery(`${catalogPath(catalog.id)}/images`, { ...filters, cursor: query.get('cursor'), limit: limit || PAGE }));
  const here = new URLSearchParams(location.search);
  const base = `/catalogs/${encodeURIComponent(catalog.id)}`;
  const older = page.next ? withQuery(base, { ...filters, limit, cursor: page.next }) : null;
  const active = FILTERS.filter(f => filters[f]).length;

  render(
    catalogHeader(catalog, 'library'),
    // Folded on a phone unless a filter is set, so the thumbnails come first.
    h('details', { class: 'filter-box', open: active || matchMedia('(min-width: 721px)').matches ? true : null },
      h('summary', {}, active ? `Filters (${active})` : 'Filters'), filterForm(filters, cameras, formats, base)),
    h('p', { class: 'muted', id: 'count' }, page.items.length ? `${page.items.length} images on this page${here.get('cursor') ? '' : ', newest first'}${active ? `, ${active} filter${active > 1 ? 's' : ''} applied` : ''}` : ''),
    page.items.length
      ? h('div', { class: 'grid', id: 'grid', role: 'list', 'aria-label': 'Images' }, page.items.map(i => tile(i, base)))
      : h('div', { class: 'empty' }, active ? 'No image matches these filters.' : 'This catalog has no images yet: run a rebuild.'),
    h('nav', { class: 'pager', 'aria-label': 'Pages' },
      here.get('cursor') ? h('a', { class: 'button', href: withQuery(base, { ...filters, limit }) }, '« Newest') : null,
      here.get('cursor') ? h('button', { type: 'button', onclick: () => history.back() }, '‹ Newer') : null,
      older ? h('a', { class: 'button', href: older, rel: 'next', id: 'older' }, 'Older ›') : null));
}

function tile(image, base) {
  const label = `${fileName(image.path)}${image.taken_at ? `, ${when(image.taken_at)}` : ''}`;
  return h('a', { class: 'tile', href: `${base}/images/${image.id}`, role: 'listitem', 'aria-label': label, title: image.path, dataset: { id: image.id } },
    image.thumbnail ? h('img', { src: image.thumbnail, alt: '', loading: 'lazy', width: 150, height: 150 }) : h('span', { class: 'noimg' }, image.error || 'no thumbnail'),
    image.error ? h('span', { class: 'flag bad', title: image.error }, 'failed') : image.format ? h('span', { class: 'flag' }, image.format.toUpperCase()) : null,
    h('span', { class: 'cap' }, fileName(image.path)));
}

function filterForm(f, cameras, formats, base) {
  const field = (label, control) => h('label', { class: 'field' }, label, control);
  const select = (name, options, label) => h('select', { name, 'aria-label': label },
    options.map(([value, text]) => h('option', { value, selected: f[name] === value ? true : null }, text)));
  const check = (name, text) => h('label', { class: 'field', style: 'flex-direction:row; gap:4px; align-items:center' },
    h('input', { type: 'checkbox', name, value: 'yes', checked: f[name] === 'yes' ? true : null }), text);
  const form = h('form', { class: 'filters', method: 'get', action: base, role: 'search', 'aria-label': 'Filters' },
    field('From', h('input', { type: 'date', name: 'from', value: f.from, 'aria-label': 'Taken from' })),
    field('To', h('input', { type: 'date', name: 'to', value: f.to, 'aria-label': 'Taken until' })),
    field('Camera', select('camera', [['', 'Any camera'], ...cameras.map(c => [choice(c), `${choice(c)} (${c.count})`])], 'Camera')),
    field('GPS', select('gps', [['', 'Any'], ['yes', 'With GPS'], ['no', 'Without GPS']], 'GPS')),
    field('Format', select('format', [['', 'Any format'], ...formats.map(c => [choice(c), `${choice(c).toUpperCase()} (${c.count})`]), ...(formats.some(c => choice(c) === 'raw') ? [] : [['raw', 'Any RAW']])], 'Format')),
    field('Tag', h('input', { type: 'text', name: 'tag', value: f.tag, placeholder: 'e.g. beach', 'aria-label': 'Tag', size: 10 })),
    check('failed', 'Failed'), check('duplicate', 'In a duplicate group'), check('burst', 'In a burst'),
    h('button', { type: 'submit', class: 'primary' }, 'Apply'),
    h('a', { class: 'button', href: base }, 'Clear'));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const values = Object.fromEntries([...new FormData(form)].filter(([, v]) => v));
    values.limit = new URLSearchParams(location.search).get('limit');
    location.assign(withQuery(base, values));
  });
  return form;
}
