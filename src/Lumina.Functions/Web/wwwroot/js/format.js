export function bytes(n) {
  if (n === null || n === undefined) return '';
  const units = ['B', 'KB', 'MB', 'GB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${n.toFixed(i === 0 || n >= 100 ? 0 : 1)} ${units[i]}`;
}

/** A time as 'yyyy-MM-dd HH:mm:ss': capture times (no zone) as recorded, instants (with a zone) in UTC. */
export function when(value) {
  if (!value) return '';
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT[\d:]+(\.\d+)?$/.test(value)) return value.replace('T', ' ').replace(/\.0+$/, '');
  const d = new Date(value);
  return isNaN(d) ? String(value) : d.toISOString().replace('T', ' ').replace(/(\.\d+)?Z$/, '');
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '';
  seconds = Math.round(seconds);
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60), s = seconds % 60;
  if (m < 60) return `${m} min ${s} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export const count = (n, one, many) => `${(n ?? 0).toLocaleString('en')} ${n === 1 ? one : many ?? one + 's'}`;

export const fileName = path => (path || '').split('/').pop();

export const camera = (make, model) => [make, model && make && model.startsWith(make) ? model.slice(make.length).trim() : model].filter(Boolean).join(' ');
