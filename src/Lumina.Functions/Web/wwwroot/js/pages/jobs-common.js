// What the jobs pages share: the job types and their parameters, status words, progress cells, polling.
import { h } from '../dom.js';
import { duration } from '../format.js';

/** The jobs Lumina runs (README, Jobs) and the parameters POST /api/jobs/{type} takes for each. */
export const JOB_TYPES = {
  rebuild: ['force', 'retry_failed', 'similarity_threshold', 'burst_gap_seconds'],
  analyze: ['force', 'retry_failed'],
  thumbnails: ['force', 'retry_failed'],
  hashes: ['force', 'retry_failed'],
  quality: ['force', 'retry_failed'],
  geohash: ['force'],
  'detect-duplicates': ['force', 'similarity_threshold', 'use_embeddings', 'embedding_similarity'],
  'detect-bursts': ['force', 'burst_gap_seconds'],
  clip: ['force', 'retry_failed'],
  'auto-tag': ['force'],
  'backfill-flags': [],
};

export const PARAMS = {
  force: { label: 'Force (redo everything)', type: 'checkbox' },
  retry_failed: { label: 'Retry settled failures', type: 'checkbox' },
  similarity_threshold: { label: 'Threshold (bits)', type: 'number', value: 5, min: 0, max: 32, step: 1 },
  burst_gap_seconds: { label: 'Burst gap (s)', type: 'number', value: 2, min: 0, step: 0.1 },
  use_embeddings: { label: 'Use CLIP embeddings', type: 'checkbox' },
  embedding_similarity: { label: 'Embedding similarity', type: 'number', value: 0.95, min: 0, max: 1, step: 0.01 },
};

export const statusWord = job => job.is_gone ? 'gone' : (job.runtime_status || 'pending').toLowerCase();

export const statusChip = job => h('span', { class: `status ${statusWord(job)}` }, statusWord(job));

export function progressCells(job) {
  const p = job.progress;
  if (!p) return [h('td', {}, ''), h('td', {}, ''), h('td', { class: 'hide-narrow' }, ''), h('td', { class: 'hide-narrow' }, '')];
  const pct = p.total > 0 ? Math.round(100 * p.done / p.total) : (job.is_running ? 0 : 100);
  return [
    h('td', {}, p.phase),
    h('td', {}, h('div', { class: 'meter', role: 'progressbar', 'aria-label': `${job.id} progress`, 'aria-valuenow': pct, 'aria-valuemin': 0, 'aria-valuemax': 100 }, h('i', { style: `width:${pct}%` })),
      h('span', { class: 'muted done' }, `${p.done} / ${p.total}${p.failed ? `, ${p.failed} failed` : ''}`)),
    h('td', { class: 'hide-narrow' }, p.images_per_second ? p.images_per_second.toFixed(1) : ''),
    h('td', { class: 'hide-narrow' }, job.is_running && p.eta_seconds !== null && p.eta_seconds !== undefined ? duration(p.eta_seconds) : ''),
  ];
}

/** Calls <fn> now and every <ms> while the page is visible, until it returns false. */
export function poll(fn, ms) {
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    let again = true;
    if (!document.hidden) { try { again = (await fn()) !== false; } catch { again = true; } }
    if (again) setTimeout(tick, ms); else stopped = true;
  };
  tick();
  return () => { stopped = true; };
}
