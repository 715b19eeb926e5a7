// Sign-in: the key goes to POST /api/session, which keeps it in an HttpOnly cookie this script never reads.
import { get, post } from '../api.js';
import { h, fill, render, errorBox } from '../dom.js';

export async function show(_, query) {
  document.title = 'Sign in · Lumina';
  const next = (query.get('next') || '/').startsWith('/') ? query.get('next') || '/' : '/';
  const session = await get('/api/session');
  if (!session.keys_required || session.signed_in) { location.replace(next); return; }
  const key = h('input', { type: 'password', id: 'key', name: 'key', autocomplete: 'current-password', required: true });
  const problem = h('div');
  const form = h('form', {}, h('label', { for: 'key' }, 'Function key or admin key'), key, problem, h('button', { type: 'submit', class: 'primary' }, 'Sign in'));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    try { await post('/api/session', { key: key.value }); location.assign(next); }
    catch (err) { fill(problem, errorBox(err)); key.select(); }
  });
  render(h('div', { class: 'signin card' }, h('h1', {}, 'Sign in to Lumina'),
    h('p', { class: 'muted' }, 'This host needs a key. It is kept in a cookie for this site only.'), form));
  key.focus();
}
