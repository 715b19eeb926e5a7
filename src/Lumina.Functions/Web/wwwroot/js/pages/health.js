// The health report, with a button that starts each recommended job.
import { get, post, catalogPath } from '../api.js';
import { h, render, toast } from '../dom.js';
import { catalogHeader } from './catalog-nav.js';
import { when, count } from '../format.js';

export async function show({ id }) {
  const catalog = await get(catalogPath(id));
  document.title = `Health of ${catalog.name} · Lumina`;
  const r = await get(`${catalogPath(catalog.id)}/health?format=json`);
  const base = `/catalogs/${encodeURIComponent(catalog.id)}`;
  render(
    catalogHeader(catalog, 'health'),
    h('h1', {}, 'Health report'),
    h('p', { class: 'muted' }, `${count(r.images, 'image')}${r.removed ? `, ${r.removed} removed` : ''}; generated ${when(r.generated_at)}${r.scanned_at ? `, last scan ${when(r.scanned_at)}` : ', never scanned'}`),
    h('h2', {}, 'Recommended jobs'),
    r.recommendations.length
      ? h('ol', { class: 'recs' }, r.recommendations.map(rec => h('li', {},
          h('b', {}, rec.job), ': ', rec.reason, ' ', h('code', { class: 'muted' }, rec.command),
          h('button', { type: 'button', class: 'primary', 'aria-label': `Run ${rec.job}`, onclick: e => run(e.target, catalog, rec) }, `Run ${rec.job}`))))
      : h('p', { class: 'good' }, 'Nothing to do: every image has every step.'),
    h('h2', {}, 'Coverage'),
    h('div', { class: 'card coverage', style: 'max-width: 640px' }, r.coverage.map(l => [
      h('span', {}, l.metadata),
      h('div', { class: 'meter', role: 'meter', 'aria-label': `${l.metadata} coverage`, 'aria-valuenow': l.of ? l.percent : 0, 'aria-valuemin': 0, 'aria-valuemax': 100 }, h('i', { style: `width:${l.of ? l.percent : 0}%` })),
      h('span', { class: 'muted' }, `${l.count.toLocaleString('en')} / ${l.of.toLocaleString('en')} (${l.percent}%)`)])),
    h('h2', {}, 'Processing flags'),
    h('div', { class: 'table-wrap' }, h('table', { 'aria-label': 'Processing flags' },
      h('thead', {}, h('tr', {}, ['Step', 'Version', 'Current', 'Outdated', 'Missing'].map(t => h('th', {}, t)))),
      h('tbody', {}, r.flags.map(f => h('tr', {}, h('td', {}, f.step), h('td', {}, f.version), h('td', {}, f.current),
        h('td', { class: f.outdated ? 'warn' : '' }, f.outdated), h('td', { class: f.missing ? 'warn' : '' }, f.missing)))))),
    h('h2', {}, 'Phases'),
    r.phases.length ? h('ul', {}, r.phases.map(p => h('li', {}, `${p.phase} (v${p.version}) completed ${when(p.completed_at)}`, p.changed_since ? h('span', { class: 'warn' }, `, ${p.changed_since} changed since`) : ''))) : h('p', { class: 'muted' }, 'No catalog-wide phase has run yet.'),
    h('h2', {}, 'Groups'),
    h('p', {}, h('a', { href: `${base}/duplicates` }, count(r.duplicate_groups.length, 'duplicate group')), ', ', h('a', { href: `${base}/bursts` }, count(r.bursts.length, 'burst')),
      r.clip_configured ? '' : h('span', { class: 'muted' }, '; CLIP is off (no LUMINA_CLIP_MODEL): no embeddings, tags or search')),
    r.unfinished.length ? [h('h2', {}, 'Unfinished jobs'), h('ul', {}, r.unfinished.map(u => h('li', {}, h('a', { href: `/jobs/${encodeURIComponent(u.id)}` }, u.id), ` ${u.type} ${u.status}${u.phase ? `, ${u.phase}` : ''}`)))] : null,
    h('h2', {}, `Failed images (${r.failures.length})`),
    r.failures.length ? h('div', { class: 'table-wrap' }, h('table', { 'aria-label': 'Failed images' },
      h('thead', {}, h('tr', {}, ['Path', 'Error', 'Attempts', 'Last'].map(t => h('th', {}, t)))),
      h('tbody', {}, r.failures.map(f => h('tr', {}, h('td', { class: 'mono' }, f.path), h('td', { class: 'bad' }, f.error),
        h('td', {}, `${f.attempts}${f.settled ? ' (settled)' : ''}`), h('td', { class: 'muted' }, when(f.at))))))) : h('p', { class: 'good' }, 'None.'),
    r.poison_uploads.length || r.stalled_uploads.length ? [h('h2', {}, 'Uploads'), h('p', { class: 'warn' }, `${r.poison_uploads.length} poison, ${r.stalled_uploads.length} stalled`)] : null);
}

async function run(button, catalog, rec) {
  button.disabled = true;
  const body = { catalog_id: catalog.id };
  if (/--force\b/.test(rec.command)) body.force = true;
  if (/--retry-failed\b/.test(rec.command)) body.retry_failed = true;
  try {
    const job = await post(`/api/jobs/${encodeURIComponent(rec.job)}`, body);
    toast(`Started ${job.id}`);
    button.replaceWith(h('a', { class: 'button', href: `/jobs/${encodeURIComponent(job.id)}` }, `Follow ${job.id}`));
  } catch (e) { toast(e.message, true); button.disabled = false; }
}
