// Burst review: the frames as a strip, the best frame and why, pick another, keep best or keep all, undo.
import { get, put, post, del, catalogPath } from '../api.js';
import { h, fill, render, toast, errorBox, confirmDialog, helpOverlay } from '../dom.js';
import { catalogHeader } from './catalog-nav.js';
import { when, fileName } from '../format.js';
import { navBar, onKeys } from './review-nav.js';
import { rejectedPanel } from './rejected.js';

const KEYS = [
  ['p n', 'previous / next burst'], ['Home End', 'first / last burst'], ['N', 'next undecided burst'],
  ['← →', 'select the previous / next frame'], ['b', 'keep the best frame, reject the others'], ['a', 'keep all frames'],
  ['Enter', 'keep the selected frame only (pick it)'], ['u', 'undo this burst’s decision'],
  ['A', 'keep the best frame of every undecided burst (asks first)'], ['?', 'show or hide these shortcuts'], ['Esc', 'close'],
];

export async function show({ id, burstId }) {
  const catalog = await get(catalogPath(id));
  document.title = `Bursts of ${catalog.name} · Lumina`;
  const api = `${catalogPath(catalog.id)}/bursts`;
  const page = `/catalogs/${encodeURIComponent(catalog.id)}/bursts`;
  const box = h('div', { id: 'review' });
  const help = helpOverlay('Burst review: keys', KEYS);
  const rejected = rejectedPanel(catalog);
  render(catalogHeader(catalog, 'bursts'), box, rejected.box);

  let burst = null, selected = 0;
  const load = async (target, push) => {
    try {
      burst = await get(target === null || target === undefined ? `${api}/first` : `${api}/${encodeURIComponent(target)}`);
    } catch (e) {
      if (e.status === 404 && (target === null || target === undefined)) { fill(box, h('div', { class: 'empty' }, 'No bursts in this catalog: nothing to review.')); burst = null; return; }
      throw e;
    }
    const picked = burst.decision?.choice === 'pick' ? burst.frames.findIndex(f => f.image_id === burst.decision.image_id) : -1;
    selected = picked >= 0 ? picked : Math.max(0, burst.frames.findIndex(f => f.best));
    history[push ? 'pushState' : 'replaceState']({ burst: burst.burst_id }, '', `${page}/${burst.burst_id}`);
    draw();
  };
  const decide = async (decision, imageId) => {
    try { burst = await put(`${api}/${burst.burst_id}/decision`, imageId ? { decision, image_id: imageId } : { decision }); draw(); rejected.refresh(); }
    catch (e) { toast(e.message, true); }
  };
  const undo = async () => { try { burst = await del(`${api}/${burst.burst_id}/decision`); draw(); toast('Decision undone'); } catch (e) { toast(e.message, true); } };
  const acceptAll = async () => {
    if (!await confirmDialog('Keep the best frame of every burst?', 'Every burst without a decision keeps its best frame; the other frames are marked rejected. Nothing is deleted, and you can undo it.', 'Keep best everywhere')) return;
    try {
      const done = await post(`${api}/accept-suggestions`, { confirm: true });
      await load(burst.burst_id, false);
      toast(`Kept the best frame of ${done.groups} burst${done.groups === 1 ? '' : 's'}`, false, ['Undo', async () => {
        await del(`${catalogPath(catalog.id)}/decisions/${encodeURIComponent(done.action)}`);
        await load(burst.burst_id, false);
      }]);
    } catch (e) { toast(e.message, true); }
  };
  const go = target => target !== null && target !== undefined && load(target, true).catch(e => toast(e.message, true));

  function draw() {
    const frame = burst.frames[selected];
    const best = burst.frames.find(f => f.best);
    const d = burst.decision;
    const said = !d ? 'undecided' : d.choice === 'pick' ? `keep ${fileName(burst.frames.find(f => f.image_id === d.image_id)?.path)} only` : d.choice;
    fill(box,
      h('div', { class: 'review-head' }, navBar({ ...burst, id: burst.burst_id }, 'burst', go),
        h('span', { class: 'grow' }),
        h('button', { type: 'button', class: 'primary', 'aria-pressed': d?.choice === 'keep-best' ? 'true' : 'false', onclick: () => decide('keep-best'), 'aria-keyshortcuts': 'B' }, 'Keep best'),
        h('button', { type: 'button', 'aria-pressed': d?.choice === 'keep-all' ? 'true' : 'false', onclick: () => decide('keep-all'), 'aria-keyshortcuts': 'A' }, 'Keep all'),
        h('button', { type: 'button', onclick: () => decide('pick', frame.image_id), 'aria-keyshortcuts': 'Enter' }, 'Keep selected only'),
        h('button', { type: 'button', onclick: undo, disabled: d ? null : true, 'aria-keyshortcuts': 'U' }, 'Undo'),
        h('button', { type: 'button', onclick: acceptAll }, 'Keep best everywhere…'),
        h('button', { type: 'button', class: 'ghost', onclick: () => help(), 'aria-label': 'Keyboard shortcuts' }, '?')),
      h('p', {}, `${burst.frames.length} frames from ${burst.camera || 'one camera'}, ${when(burst.started_at)} to ${when(burst.ended_at)}. `,
        best ? ['Best frame: ', h('b', {}, fileName(best.path)), burst.reason ? ` — ${burst.reason}` : ''] : '',
        h('span', { class: d ? 'good' : 'muted', id: 'decided' }, ` · ${said}`)),
      h('div', { class: 'strip', role: 'listbox', 'aria-label': 'Frames' }, burst.frames.map((f, n) =>
        h('button', { type: 'button', class: 'frame', role: 'option', 'aria-selected': n === selected ? 'true' : 'false', 'aria-pressed': n === selected ? 'true' : 'false',
          'aria-label': `Frame ${n + 1}: ${fileName(f.path)}${f.best ? ' (best)' : ''}`, dataset: { image: f.image_id, decision: f.decision || '' },
          onclick: () => { selected = n; draw(); } },
          f.thumbnail ? h('img', { src: f.thumbnail, alt: '' }) : null,
          h('div', { style: 'font-size:11px' }, f.best ? h('span', { class: 'best' }, '★ best ') : null, fileName(f.path)),
          h('div', { class: `muted ${f.decision === 'keep' ? 'good' : f.decision === 'reject' ? 'bad' : ''}`, style: 'font-size:11px' },
            `${f.sharpness !== null && f.sharpness !== undefined ? `sharp ${Math.round(f.sharpness)}` : ''}${f.decision ? ` · ${f.decision}` : ''}`)))),
      frame ? h('div', { class: 'detail', style: 'margin-top:12px' },
        h('div', { class: 'preview' }, h('img', { src: frame.preview || frame.thumbnail, alt: `Frame ${selected + 1}: ${fileName(frame.path)}` })),
        h('dl', { class: 'kv' },
          h('dt', {}, 'Frame'), h('dd', {}, `${selected + 1} of ${burst.frames.length}${frame.best ? ' (best)' : ''}`),
          h('dt', {}, 'Taken'), h('dd', {}, when(frame.taken_at)),
          h('dt', {}, 'Pixels'), h('dd', {}, frame.width ? `${frame.width} × ${frame.height}` : '?'),
          h('dt', {}, 'Quality'), h('dd', {}, frame.quality_score !== null && frame.quality_score !== undefined ? frame.quality_score.toFixed(1) : '?'),
          h('dt', {}, 'Sharpness'), h('dd', {}, frame.sharpness !== null && frame.sharpness !== undefined ? frame.sharpness.toFixed(1) : '?'),
          h('dt', {}, 'Decision'), h('dd', {}, frame.decision || 'undecided'),
          h('dt', {}, 'Path'), h('dd', { class: 'mono' }, h('a', { href: `/catalogs/${encodeURIComponent(catalog.id)}/images/${frame.image_id}` }, frame.path)))) : null);
  }

  const move = step => { if (burst) { selected = Math.min(burst.frames.length - 1, Math.max(0, selected + step)); draw(); } };
  onKeys({
    p: () => go(burst?.previous), n: () => go(burst?.next), Home: () => go(burst?.first), End: () => go(burst?.last), N: () => go(burst?.next_undecided),
    ArrowLeft: () => move(-1), ArrowRight: () => move(1),
    b: () => burst && decide('keep-best'), a: () => burst && decide('keep-all'), Enter: () => burst && decide('pick', burst.frames[selected].image_id),
    u: () => burst?.decision && undo(), A: () => burst && acceptAll(), '?': () => help(), Escape: () => help(false),
  });
  addEventListener('popstate', e => e.state?.burst && load(e.state.burst, false).catch(err => fill(box, errorBox(err))));
  await load(burstId ?? null, false);
}
