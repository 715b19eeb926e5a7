// Duplicate review, one group at a time (after Immich's duplicates utility): members side by side, the suggested
// keeper and why, keep/reject per member, accept the suggestion, undo, accept every suggestion behind a confirmation,
// and a key for each.
import { get, put, post, del, catalogPath } from '../api.js';
import { h, fill, render, toast, errorBox, confirmDialog, helpOverlay } from '../dom.js';
import { catalogHeader } from './catalog-nav.js';
import { bytes, when, fileName } from '../format.js';
import { navBar, onKeys } from './review-nav.js';
import { rejectedPanel } from './rejected.js';

const KEYS = [
  ['← →', 'previous / next group'], ['Home End', 'first / last group'], ['n', 'next undecided group'],
  ['1 … 9', 'select a member'], ['k', 'keep the selected member'], ['x', 'reject the selected member'],
  ['Enter', 'accept the suggestion: keep the suggested keeper, reject the others'], ['u', 'undo this group’s decisions'],
  ['A', 'accept the suggestions of every undecided group (asks first)'], ['?', 'show or hide these shortcuts'], ['Esc', 'close'],
];

export async function show({ id, groupId }) {
  const catalog = await get(catalogPath(id));
  document.title = `Duplicates of ${catalog.name} · Lumina`;
  const api = `${catalogPath(catalog.id)}/duplicates`;
  const page = `/catalogs/${encodeURIComponent(catalog.id)}/duplicates`;
  const box = h('div', { id: 'review' });
  const help = helpOverlay('Duplicate review: keys', KEYS);
  const rejected = rejectedPanel(catalog);
  render(catalogHeader(catalog, 'duplicates'), box, rejected.box);

  let group = null, selected = 0;
  const load = async (target, push) => {
    try {
      group = await get(target === null || target === undefined ? `${api}/first` : `${api}/${encodeURIComponent(target)}`);
    } catch (e) {
      if (e.status === 404 && (target === null || target === undefined)) { fill(box, h('div', { class: 'empty' }, 'No duplicate groups in this catalog: nothing to review.')); group = null; return; }
      throw e;
    }
    selected = Math.max(0, group.members.findIndex(m => m.suggested));
    if (push) history.pushState({ group: group.group_id }, '', `${page}/${group.group_id}`);
    else history.replaceState({ group: group.group_id }, '', `${page}/${group.group_id}`);
    draw();
  };
  const act = async (fn, message) => {
    try { group = await fn(); draw(); rejected.refresh(); if (message) toast(message); } catch (e) { toast(e.message, true); }
  };
  const decide = (member, decision) => act(() => put(`${api}/${group.group_id}/decisions`, { decisions: [{ image_id: member.image_id, decision }] }));
  const accept = () => act(() => put(`${api}/${group.group_id}/decisions`, {
    decisions: group.members.map(m => ({ image_id: m.image_id, decision: m.suggested ? 'keep' : 'reject' })) }), 'Suggestion accepted');
  const undo = () => act(() => del(`${api}/${group.group_id}/decisions`), 'Decisions undone');
  const acceptAll = async () => {
    if (!await confirmDialog('Accept every suggestion?', 'Every group without decisions gets keep for its suggested keeper and reject for the others. Nothing is deleted, and you can undo it.', 'Accept all')) return;
    try {
      const done = await post(`${api}/accept-suggestions`, { confirm: true });
      await load(group.group_id, false);
      toast(`Accepted the suggestions of ${done.groups} group${done.groups === 1 ? '' : 's'}`, false, ['Undo', async () => {
        const undone = await del(`${catalogPath(catalog.id)}/decisions/${encodeURIComponent(done.action)}`);
        await load(group.group_id, false);
        toast(`Undone: ${undone.undone} decisions`);
      }]);
    } catch (e) { toast(e.message, true); }
  };
  const go = target => target !== null && target !== undefined && load(target, true).catch(e => toast(e.message, true));

  function draw() {
    const suggested = group.members.find(m => m.suggested);
    fill(box,
      h('div', { class: 'review-head' }, navBar({ ...group, id: group.group_id }, 'group', go),
        h('span', { class: 'grow' }),
        h('button', { type: 'button', class: 'primary', onclick: accept, 'aria-keyshortcuts': 'Enter' }, 'Accept suggestion'),
        h('button', { type: 'button', onclick: undo, disabled: group.decided ? null : true, 'aria-keyshortcuts': 'U' }, 'Undo'),
        h('button', { type: 'button', onclick: acceptAll, 'aria-keyshortcuts': 'Shift+A' }, 'Accept all suggestions…'),
        h('button', { type: 'button', class: 'ghost', onclick: () => help(), 'aria-label': 'Keyboard shortcuts', 'aria-keyshortcuts': '?' }, '?')),
      h('p', {}, suggested ? ['Suggested keeper: ', h('b', {}, fileName(suggested.path)), group.reason ? ` — ${group.reason}` : ''] : '',
        h('span', { class: group.decided ? 'good' : 'muted', id: 'decided' }, group.decided ? '  · decided' : '  · undecided'),
        h('span', { class: 'muted hide-narrow' }, ' · press ', h('kbd', {}, '?'), ' for the keys')),
      h('div', { class: 'members', role: 'list', 'aria-label': 'Members' }, group.members.map((m, n) => member(m, n))));
  }

  function member(m, n) {
    const mp = m.width && m.height ? ` (${(m.width * m.height / 1e6).toFixed(1)} MP)` : '';
    const card = h('article', { class: `member${m.suggested ? ' suggested' : ''}${n === selected ? ' selected' : ''}${m.decision === 'reject' ? ' rejected' : ''}`,
      role: 'listitem', 'aria-label': `Member ${n + 1}: ${fileName(m.path)}`, dataset: { image: m.image_id, decision: m.decision || '' }, onclick: () => { selected = n; draw(); } },
      h('div', { class: 'pic' }, m.preview || m.thumbnail ? h('img', { src: m.preview || m.thumbnail, alt: fileName(m.path) }) : h('span', { class: 'muted' }, 'no preview')),
      h('div', { class: 'body' },
        h('div', {}, h('kbd', {}, n + 1), ' ', h('a', { href: `/catalogs/${encodeURIComponent(catalog.id)}/images/${m.image_id}`, class: 'mono' }, fileName(m.path))),
        h('dl', { class: 'kv' },
          h('dt', {}, 'Pixels'), h('dd', {}, m.width ? `${m.width} × ${m.height}${mp}` : '?'),
          h('dt', {}, 'File'), h('dd', {}, `${bytes(m.file_size)}, ${(m.format || '?').toUpperCase()}${m.jpeg_quality ? `, quality ~${m.jpeg_quality}` : ''}`),
          h('dt', {}, 'Camera EXIF'), h('dd', {}, m.camera_exif ? 'yes' : 'no'),
          h('dt', {}, 'Taken'), h('dd', {}, when(m.taken_at) || 'unknown'),
          h('dt', {}, 'Match'), h('dd', {}, m.exact_copy ? 'exact copy' : m.suggested ? 'suggested keeper' : `${m.distance} bits from the keeper`),
          h('dt', {}, 'Path'), h('dd', { class: 'mono' }, m.path)),
        !m.suggested && m.reason ? h('div', { class: 'reason' }, `Keeper preferred: ${m.reason}`) : null,
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'keep', 'aria-pressed': m.decision === 'keep' ? 'true' : 'false', 'aria-label': `Keep ${fileName(m.path)}`, onclick: e => { e.stopPropagation(); decide(m, 'keep'); } }, 'Keep'),
          h('button', { type: 'button', class: 'reject', 'aria-pressed': m.decision === 'reject' ? 'true' : 'false', 'aria-label': `Reject ${fileName(m.path)}`, onclick: e => { e.stopPropagation(); decide(m, 'reject'); } }, 'Reject'),
          h('span', { class: 'grow' }),
          h('span', { class: `decision ${m.decision === 'keep' ? 'good' : m.decision === 'reject' ? 'bad' : 'muted'}` }, m.decision || 'undecided'))));
    return card;
  }

  const keys = {
    ArrowLeft: () => go(group?.previous), ArrowRight: () => go(group?.next), Home: () => go(group?.first), End: () => go(group?.last),
    n: () => go(group?.next_undecided), Enter: () => group && accept(), u: () => group?.decided && undo(), A: () => group && acceptAll(),
    k: () => group && decide(group.members[selected], 'keep'), x: () => group && decide(group.members[selected], 'reject'),
    '?': () => help(), Escape: () => help(false),
  };
  for (let n = 1; n <= 9; n++) keys[String(n)] = () => { if (group && n <= group.members.length) { selected = n - 1; draw(); } };
  onKeys(keys);
  addEventListener('popstate', e => e.state?.group && load(e.state.group, false).catch(err => fill(box, errorBox(err))));
  await load(groupId ?? null, false);
}
