// The shell: picks the page module for the address, the theme, and the sign-out button.
import { get, del } from './api.js';
import { render, errorBox } from './dom.js';

const routes = [
  [/^\/$/, 'catalogs', 'catalogs'],
  [/^\/signin$/, 'signin'],
  [/^\/jobs$/, 'jobs', 'jobs'],
  [/^\/jobs\/(?<jobId>[^/]+)$/, 'job', 'jobs'],
  [/^\/catalogs\/(?<id>[^/]+)$/, 'library', 'catalogs'],
  [/^\/catalogs\/(?<id>[^/]+)\/images\/(?<imageId>[^/]+)$/, 'image', 'catalogs'],
  [/^\/catalogs\/(?<id>[^/]+)\/duplicates(\/(?<groupId>[^/]+))?$/, 'duplicates', 'catalogs'],
  [/^\/catalogs\/(?<id>[^/]+)\/bursts(\/(?<burstId>[^/]+))?$/, 'bursts', 'catalogs'],
  [/^\/catalogs\/(?<id>[^/]+)\/health$/, 'health', 'catalogs'],
  [/^\/catalogs\/(?<id>[^/]+)\/search$/, 'search', 'catalogs'],
];

const theme = {
  get: () => localStorage.getItem('lumina-theme') || 'dark',
  apply(name) {
    document.documentElement.dataset.theme = name;
    const button = document.getElementById('theme');
    const other = name === 'dark' ? 'light' : 'dark';
    button.textContent = other === 'light' ? 'Light' : 'Dark';
    button.setAttribute('aria-label', `Switch to the ${other} theme`);
  },
};

async function session() {
  try {
    const s = await get('/api/session');
    const out = document.getElementById('signout');
    out.hidden = !(s.keys_required && s.signed_in);
    out.onclick = async () => { await del('/api/session'); location.assign('/signin'); };
  } catch { /* the page itself reports what fails */ }
}

async function start() {
  theme.apply(theme.get());
  document.getElementById('theme').addEventListener('click', () => {
    const next = theme.get() === 'dark' ? 'light' : 'dark';
    localStorage.setItem('lumina-theme', next);
    theme.apply(next);
  });
  const path = decodeURI(location.pathname).replace(/\/+$/, '') || '/';
  const match = routes.map(([re, page, nav]) => ({ m: re.exec(path), page, nav })).find(r => r.m);
  if (!match) { render(errorBox(new Error(`no page at ${path}`))); return; }
  for (const a of document.querySelectorAll('[data-nav]')) if (a.dataset.nav === match.nav) a.setAttribute('aria-current', 'page');
  if (match.page !== 'signin') session();
  try {
    const module = await import(`./pages/${match.page}.js`);
    await module.show({ ...match.m.groups }, new URLSearchParams(location.search));
  } catch (e) {
    if (e.status !== 401) render(errorBox(e));
  }
}

start();
