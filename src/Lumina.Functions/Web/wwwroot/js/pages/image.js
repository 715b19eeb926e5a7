// One image: its preview, EXIF, hashes, quality components, tags, its duplicate group and burst, and similar images.
import { get, catalogPath } from '../api.js';
import { h, render } from '../dom.js';
import { catalogHeader } from './catalog-nav.js';
import { bytes, when, fileName, camera } from '../format.js';

export async function show({ id, imageId }) {
  const catalog = await get(catalogPath(id));
  const i = await get(`${catalogPath(catalog.id)}/images/${encodeURIComponent(imageId)}`);
  document.title = `${fileName(i.path)} · Lumina`;
  const base = `/catalogs/${encodeURIComponent(catalog.id)}`;
  const kv = rows => h('dl', { class: 'kv' }, rows.filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  const quality = typeof i.quality === 'string' ? safeJson(i.quality) : i.quality;
  const similar = i.similar?.items ?? [];
  render(
    catalogHeader(catalog, null, fileName(i.path)),
    h('div', { class: 'detail' },
      h('div', {},
        h('div', { class: 'preview' }, i.preview_url ? h('img', { src: i.preview_url, alt: `Preview of ${fileName(i.path)}` }) : h('p', { class: 'muted' }, i.error || 'No preview')),
        h('p', { class: 'mono muted' }, i.path),
        i.error ? h('div', { class: 'error', role: 'alert' }, i.error) : null,
        (i.warnings || []).length ? h('p', { class: 'warn' }, i.warnings.join('; ')) : null),
      h('div', {},
        h('h2', { style: 'margin-top:0' }, 'Photo'),
        kv([
          ['Taken', when(i.selected_date) + (i.date_source ? ` (${i.date_source})` : '')],
          ['Camera', camera(i.make, i.model)], ['Lens', i.lens], ['ISO', i.iso], ['Aperture', i.f_number && `f/${i.f_number}`],
          ['Exposure', i.exposure_time && (i.exposure_time < 1 ? `1/${Math.round(1 / i.exposure_time)} s` : `${i.exposure_time} s`)],
          ['Focal length', i.focal_length && `${i.focal_length} mm`],
          ['GPS', i.gps_lat !== null && i.gps_lat !== undefined ? `${i.gps_lat.toFixed(5)}, ${i.gps_lon.toFixed(5)}${i.geohash ? ` (${i.geohash})` : ''}` : 'none'],
          ['Size', i.width && `${i.width} × ${i.height}`], ['Format', i.format && i.format.toUpperCase()], ['File', bytes(i.file_size)],
          ['Pixels from', i.pixels_from], ['RAW pair', i.raw_pair && `${i.raw_pair_role}: ${fileName(i.raw_pair)}`],
        ]),
        h('h2', {}, 'Quality'),
        kv([['Score', i.quality_score !== null && i.quality_score !== undefined ? i.quality_score.toFixed(1) : null],
          ...Object.entries(quality || {}).map(([k, v]) => [k.replace(/_/g, ' '), typeof v === 'number' ? +v.toFixed(3) : String(v)])]),
        h('h2', {}, 'Hashes'),
        kv([['aHash', i.ahash], ['dHash', i.dhash], ['pHash', i.phash], ['wHash', i.whash], ['SHA-256', i.sha256]]),
        h('h2', {}, 'Tags'),
        (i.tags || []).length ? h('div', { class: 'chips' }, i.tags.map(t => h('a', { class: 'chip', href: `${base}?tag=${encodeURIComponent(t)}` }, t))) : h('p', { class: 'muted' }, 'No tags'),
        h('h2', {}, 'Groups'),
        kv([
          ['Duplicate group', i.duplicate_group !== null && i.duplicate_group !== undefined ? h('a', { href: `${base}/duplicates/${i.duplicate_group}` },
            `#${i.duplicate_group}${i.duplicate_best ? ' (suggested keeper)' : ''}${i.duplicate_decision ? `, ${i.duplicate_decision}` : ''}`) : 'none'],
          ['Burst', i.burst_id !== null && i.burst_id !== undefined ? h('a', { href: `${base}/bursts/${i.burst_id}` },
            `#${i.burst_id}${i.burst_best ? ' (best frame)' : ''}${i.burst_decision ? `, ${i.burst_decision}` : ''}`) : 'none'],
          ['Why kept', i.duplicate_best_reason || i.best_reason], ['Why best frame', i.burst_best_reason],
        ]))),
    h('h2', {}, `Similar images${i.similar ? ` (by ${i.similar.by === 'clip' ? 'CLIP embedding' : 'dHash'})` : ''}`,
      i.similar?.by === 'clip' ? [' ', h('a', { href: `${base}/search?similar=${i.id}`, style: 'text-transform:none; letter-spacing:0' }, 'More like this')] : null),
    similar.length
      ? h('div', { class: 'grid', role: 'list', 'aria-label': 'Similar images' }, similar.map(s => h('a', { class: 'tile', role: 'listitem', href: `${base}/images/${s.id}`, 'aria-label': fileName(s.path), title: s.path },
          s.thumbnail ? h('img', { src: s.thumbnail, alt: '', loading: 'lazy' }) : h('span', { class: 'noimg' }, fileName(s.path)),
          h('span', { class: 'flag' }, i.similar.by === 'clip' ? s.distance.toFixed(3) : `${s.distance} bits`), h('span', { class: 'cap' }, fileName(s.path)))))
      : h('p', { class: 'muted' }, 'None found.'));
}

function safeJson(text) { try { return JSON.parse(text); } catch { return { components: text }; } }
