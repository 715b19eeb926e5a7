// Jobs: a live list (no reload), a form that starts any job with its parameters, and cancel.
import { get, post, withQuery } from '../api.js';
import { h, fill, render, toast, errorBox } from '../dom.js';
import { when } from '../format.js';
import { JOB_TYPES, PARAMS, statusChip, progressCells, poll } from './jobs-common.js';

export async function show(_, query) {
  document.title = 'Jobs · Lumina';
  const catalogs = await get('/api/catalogs');
  const names = Object.fromEntries(catalogs.map(c => [c.id, c.name]));
  const only = query.get('catalog') || '';
  const body = h('tbody');
  const table = h('div', { class: 'table-wrap' }, h('table', { 'aria-label': 'Jobs' },
    h('thead', {}, h('tr', {}, ['Job', 'Type', 'Catalog', 'Status', 'Phase', 'Done / total', 'Images/s', 'ETA', 'Started', ''].map((t, i) =>
      h('th', { class: i === 6 || i === 7 || i === 8 ? 'hide-narrow' : '' }, t)))), body));
  render(h('h1', {}, 'Jobs'), startForm(catalogs, only), h('h2', {}, only ? `Jobs of ${names[only] || only}` : 'Recent jobs'), table);

  poll(async () => {
    const jobs = await get(withQuery('/api/jobs', { catalog: only, top: 50 }));
    fill(body, ...(jobs.length ? jobs.map(j => row(j, names)) : [h('tr', {}, h('td', { colspan: 10, class: 'muted' }, 'No jobs yet.'))]));
  }, 1000);
}

function row(job, names) {
  const cancel = job.is_running ? h('button', { type: 'button', class: 'danger', 'aria-label': `Cancel ${job.id}`, onclick: async e => {
    e.target.disabled = true;
    try { await post(`/api/jobs/${encodeURIComponent(job.id)}/cancel`); toast(`Cancelling ${job.id}`); }
    catch (err) { toast(err.message, true); e.target.disabled = false; }
  } }, 'Cancel') : '';
  return h('tr', { dataset: { job: job.id, status: (job.runtime_status || '').toLowerCase() } },
    h('td', {}, h('a', { href: `/jobs/${encodeURIComponent(job.id)}`, class: 'mono' }, job.id)),
    h('td', {}, job.type),
    h('td', {}, names[job.catalog_id] || job.catalog_id),
    h('td', {}, statusChip(job), job.error ? h('div', { class: 'bad', style: 'font-size:12px' }, job.error) : null),
    ...progressCells(job),
    h('td', { class: 'hide-narrow muted' }, when(job.created_at)),
    h('td', {}, cancel));
}

function startForm(catalogs, only) {
  const type = h('select', { name: 'type', 'aria-label': 'Job type' }, Object.keys(JOB_TYPES).map(t => h('option', { value: t }, t)));
  const catalog = h('select', { name: 'catalog', 'aria-label': 'Catalog' }, catalogs.map(c => h('option', { value: c.id, selected: c.id === only ? true : null }, c.name)));
  const params = h('span', { class: 'startjob' });
  const showParams = () => fill(params, ...JOB_TYPES[type.value].map(name => {
    const p = PARAMS[name];
    const input = h('input', { type: p.type, name, 'aria-label': p.label, value: p.value, min: p.min, max: p.max, step: p.step, style: p.type === 'number' ? 'width:90px' : null });
    return p.type === 'checkbox'
      ? h('label', { class: 'field', style: 'flex-direction:row; gap:4px; align-items:center' }, input, p.label)
      : h('label', { class: 'field' }, p.label, input);
  }));
  type.addEventListener("change", showParams);
  showParams();
  const form = h('form', { class: 'filters startjob', 'aria-label': 'Start a job' },
    h('label', { class: 'field' }, 'Job', type), h('label', { class: 'field' }, 'Catalog', catalog), params,
    h('button', { type: 'submit', class: 'primary', disabled: catalogs.length === 0 ? true : null }, 'Start job'));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const body = { catalog_id: catalog.value };
    for (const input of params.querySelectorAll('input')) {
      body[input.name] = input.type === 'checkbox' ? input.checked : Number(input.value);
    }
    try {
      const started = await post(`/api/jobs/${type.value}`, body);
      toast(`Started ${started.id}`);
    } catch (err) { form.after(errorBox(err)); }
  });
  return form;
}
