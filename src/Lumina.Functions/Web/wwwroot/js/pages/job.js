// One job: status, live progress, its phases (a rebuild's), its result, and the images that failed while it ran.
import { get, post, catalogPath } from '../api.js';
import { h, fill, render, toast } from '../dom.js';
import { when, duration } from '../format.js';
import { statusChip, progressCells, poll } from './jobs-common.js';

export async function show({ jobId }) {
  document.title = `${jobId} · Lumina`;
  const box = h('div');
  render(h('div', { class: 'crumbs' }, h('a', { href: '/jobs' }, 'Jobs'), '›', h('span', { class: 'mono' }, jobId)), box);
  let catalog;
  poll(async () => {
    const job = await get(`/api/jobs/${encodeURIComponent(jobId)}`);
    catalog ??= await get(catalogPath(job.catalog_id)).catch(() => ({ id: job.catalog_id, name: job.catalog_id }));
    const failures = job.is_running ? [] : await failedDuring(job);
    fill(box, ...view(job, catalog, failures));
    return job.is_running;
  }, 1000);
}

function view(job, catalog, failures) {
  const p = job.progress;
  const phases = p?.phases ?? job.output?.phases ?? [];
  const cancel = job.is_running ? h('button', { type: 'button', class: 'danger', onclick: async e => {
    e.target.disabled = true;
    try { await post(`/api/jobs/${encodeURIComponent(job.id)}/cancel`); toast('Cancelling'); } catch (err) { toast(err.message, true); }
  } }, 'Cancel job') : null;
  const took = (new Date(job.last_updated_at) - new Date(job.created_at)) / 1000;
  return [
    h('h1', {}, `${job.type} of `, h('a', { href: `/catalogs/${encodeURIComponent(catalog.id)}` }, catalog.name), ' ', statusChip(job)),
    h('p', { class: 'muted' }, `started ${when(job.created_at)}`, job.is_running ? '' : `, took ${duration(took)}`, ' ', cancel),
    job.error ? h('div', { class: 'error', role: 'alert' }, job.error) : null,
    p && (job.is_running || p.total > 0) ? h('div', { class: 'table-wrap' }, h('table', { 'aria-label': 'Progress' },
      h('thead', {}, h('tr', {}, ['Phase', 'Done / total', 'Images/s', 'ETA'].map(t => h('th', {}, t)))),
      h('tbody', {}, h('tr', {}, progressCells(job))))) : null,
    phases.length ? [h('h2', {}, 'Phases'), h('div', { class: 'table-wrap' }, h('table', { 'aria-label': 'Phases' },
      h('thead', {}, h('tr', {}, ['Phase', 'Status', 'Job', 'Detail'].map(t => h('th', {}, t)))),
      h('tbody', {}, phases.map(ph => h('tr', {},
        h('td', {}, ph.name), h('td', {}, h('span', { class: `status ${ph.status}` }, ph.status)),
        h('td', {}, ph.job_id ? h('a', { href: `/jobs/${encodeURIComponent(ph.job_id)}`, class: 'mono' }, ph.job_id) : ''),
        h('td', { class: 'muted' }, ph.detail || ''))))))] : null,
    job.output ? [h('h2', {}, 'Result'), result(job.output)] : null,
    failures.length ? [h('h2', {}, `Images that failed (${failures.length})`), h('div', { class: 'table-wrap' }, h('table', { 'aria-label': 'Failed images' },
      h('thead', {}, h('tr', {}, ['Path', 'Error', 'Attempts'].map(t => h('th', {}, t)))),
      h('tbody', {}, failures.map(f => h('tr', {}, h('td', { class: 'mono' }, f.path), h('td', { class: 'bad' }, f.error), h('td', {}, f.attempts))))))] : null,
  ];
}

/** A job's output: a rebuild's health summary, or the counts and words another job returned. */
function result(output) {
  if (output.healthSummary) return h('p', { class: 'card' }, output.healthSummary);
  const rows = Object.entries(output).flatMap(([k, v]) => v !== null && typeof v === 'object' ? Object.entries(v) : [[k, v]]).filter(([, v]) => v !== null);
  return h('dl', { class: 'kv card result' }, rows.map(([k, v]) => [h('dt', {}, k.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()), h('dd', {}, String(v))]));
}

/** The catalog's failed images whose last attempt was made while the job ran (the health report's failures). */
async function failedDuring(job) {
  try {
    const report = await get(`${catalogPath(job.catalog_id)}/health?format=json`);
    const from = new Date(job.created_at).getTime() - 1000, to = new Date(job.last_updated_at).getTime() + 1000;
    return report.failures.filter(f => f.at && new Date(f.at).getTime() >= from && new Date(f.at).getTime() <= to);
  } catch { return []; }
}
