// The one action that takes rejected originals out of a catalog: explicit, confirmed, backed up and undoable.
import { get, post, catalogPath } from '../api.js';
import { h, fill, toast, confirmDialog } from '../dom.js';
import { when, count } from '../format.js';

/** A panel under the review pages: how many originals are rejected, a move into a folder, and restore of a move. */
export function rejectedPanel(catalog) {
  const api = `${catalogPath(catalog.id)}/rejected`;
  const box = h('section', { class: 'card', style: 'margin-top:18px', 'aria-label': 'Rejected originals' });
  const refresh = async () => {
    const state = await get(api);
    const folder = h('input', { type: 'text', name: 'folder', 'aria-label': 'Folder to move rejected originals into', placeholder: '/home/me/rejected', size: 34 });
    const move = async e => {
      e.preventDefault();
      if (!await confirmDialog('Move the rejected originals?', `${count(state.rejected, 'original')} that a decision rejects and none keeps will be moved into ${folder.value || '(no folder)'}, after a backup of the catalog. Nothing is deleted; Restore moves them back.`, 'Move them')) return;
      try {
        const done = await post(`${api}/move`, { folder: folder.value, confirm: true });
        toast(`Moved ${done.moved.length}${done.skipped.length ? `, skipped ${done.skipped.length}` : ''}`);
        await refresh();
      } catch (err) { toast(err.message, true); }
    };
    const restore = async () => {
      try { const done = await post(`${api}/restore`, {}); toast(`Restored ${done.restored.length}`); await refresh(); } catch (err) { toast(err.message, true); }
    };
    const last = state.moves.find(m => !m.restored_at);
    fill(box,
      h('h3', {}, 'Rejected originals'),
      h('p', { class: 'muted' }, `${count(state.rejected, 'original')} rejected and kept by no decision. Lumina never deletes an original; moving them out is your call (the admin key when keys are set).`),
      h('form', { class: 'startjob', onsubmit: move }, folder, h('button', { type: 'submit', class: 'danger', disabled: state.rejected ? null : true }, 'Move rejected originals…')),
      last ? h('p', {}, `Last move: ${count(last.files, "file")} into `, h('code', {}, last.folder), ` at ${when(last.at)} `,
        h('button', { type: 'button', onclick: restore }, 'Restore them')) : null);
  };
  refresh().catch(e => fill(box, h('p', { class: 'muted' }, e.message)));
  return { box, refresh };
}
