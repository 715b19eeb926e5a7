// The JSON API, as every other client calls it. Changes send JSON and X-Lumina-Request: 1, which the host
// requires of browser pages (another site's page cannot add the header without a preflight Lumina never grants).

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function call(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
  if (method !== 'GET') {
    init.headers['X-Lumina-Request'] = '1';
    init.headers['Content-Type'] = 'application/json';
    if (body !== undefined) init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  // A session of a function key refused by an admin route is not sent back to sign-in (it is signed in): the
  // error says to sign in with the admin key.
  if (response.status === 401 && !location.pathname.startsWith('/signin') && !(await response.clone().text()).includes('admin key')) {
    location.assign('/signin?next=' + encodeURIComponent(location.pathname + location.search));
    throw new ApiError(401, 'sign-in needed');
  }
  const text = await response.text();
  const data = text && (response.headers.get('Content-Type') || '').includes('json') ? JSON.parse(text) : text;
  if (!response.ok) throw new ApiError(response.status, (data && data.error) || `${method} ${path}: ${response.status}`);
  return data;
}

export const get = path => call('GET', path);
export const post = (path, body) => call('POST', path, body ?? {});
export const put = (path, body) => call('PUT', path, body);
export const del = path => call('DELETE', path);

/** A path with its query parameters, leaving out the empty ones. */
export function withQuery(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export const catalogPath = id => `/api/catalogs/${encodeURIComponent(id)}`;
