// The one way the UI talks to the server: JSON in and out, the session cookie, the CSRF header,
// and errors turned into ApiError so views can show them in words.

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const CSRF_COOKIE = 'XSRF-TOKEN';

/** A refusal from the server, carrying the fields of {"error":{…}}. */
export class ApiError extends Error {
  constructor(status, error = {}, retryAfter = null) {
    super(error.message || `HTTP ${status}`);
    this.status = status;
    this.code = error.code || null;
    this.field = error.field || null;
    this.rows = Array.isArray(error.rows) ? error.rows : null;
    this.problems = Array.isArray(error.problems) ? error.problems : null;
    // Columns a CSV file lacks or should not have (missing_columns, unknown_columns).
    this.columns = Array.isArray(error.columns) ? error.columns : null;
    // The body's retryAfter (seconds) when given, else the header's.
    this.retryAfter = Number(error.retryAfter ?? retryAfter) || null;
    this.serverMessage = error.message || null;
    // Why a pairing could not be made (code no_pairing): same_city, too_few_centers, …
    this.reason = error.reason || null;
  }
}

/** The server could not be reached at all (offline, DNS, server down). */
export class NetworkError extends Error {}

let onUnauthorized = () => {};

/** The app registers what a 401 means (back to sign-in) once, so views never handle it themselves. */
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

function readCookie(name) {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** Every response sets the token cookie, so any GET gets one; /api/me is the cheapest. */
async function refreshToken() {
  try {
    await fetch('/api/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  } catch {
    // the real request will report the network problem
  }
}

function withQuery(path, query) {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== '') params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

async function send(method, url, options, retried) {
  const headers = { Accept: 'application/json', ...(options.headers || {}) };
  const init = { method, credentials: 'same-origin', headers };
  if (options.json !== undefined) {
    init.body = JSON.stringify(options.json);
    headers['Content-Type'] = 'application/json';
  } else if (options.body !== undefined) {
    init.body = options.body;
    headers['Content-Type'] = options.contentType || 'application/octet-stream';
  }
  const unsafe = UNSAFE.has(method);
  if (unsafe) {
    if (!readCookie(CSRF_COOKIE)) await refreshToken();
    // Read right before sending: the server replaces the token when the session changes (sign-in, sign-out, roles).
    headers['X-XSRF-TOKEN'] = readCookie(CSRF_COOKIE) || '';
  }

  let response;
  try {
    response = await fetch(url, init);
  } catch (cause) {
    throw new NetworkError(String(cause));
  }

  // A 403 may just be a token that expired while the page stood open; a refused request changed
  // nothing, so fetching a fresh token and trying once more is safe.
  if (response.status === 403 && unsafe && !retried) {
    await refreshToken();
    return send(method, url, options, true);
  }

  if (response.status === 204) return null;
  let body = null;
  if ((response.headers.get('Content-Type') || '').includes('json')) {
    try {
      body = await response.json();
    } catch {
      body = null; // a broken body still gets a proper error below
    }
  }
  if (response.ok) return body;

  const error = new ApiError(response.status, body && body.error ? body.error : {}, response.headers.get('Retry-After'));
  if (response.status === 401 && !options.allow401) onUnauthorized(error);
  throw error;
}

// Unsafe requests run one after another so each reads the token its predecessor rotated.
let unsafeQueue = Promise.resolve();

/**
 * Sends a request. options: query (object), json (body), body + contentType (raw body), headers,
 * allow401 (the caller handles "not signed in" itself: the start-up probe, sign-in).
 */
export function request(method, path, options = {}) {
  const url = withQuery(path, options.query);
  if (!UNSAFE.has(method)) return send(method, url, options, false);
  const run = unsafeQueue.then(() => send(method, url, options, false));
  unsafeQueue = run.catch(() => {});
  return run;
}

export const api = {
  get: (path, query, options = {}) => request('GET', path, { ...options, query }),
  post: (path, json, options = {}) => request('POST', path, { ...options, json }),
  put: (path, json, options = {}) => request('PUT', path, { ...options, json }),
  patch: (path, json, options = {}) => request('PATCH', path, { ...options, json }),
  del: (path, options = {}) => request('DELETE', path, options),
  /** Sends a chosen file's bytes untouched: the server detects UTF-8, BOM or Shift_JIS itself. */
  async upload(path, file) {
    const bytes = await file.arrayBuffer();
    return request('POST', path, { body: bytes, contentType: 'text/csv' });
  },
};

/**
 * A key for the Idempotency-Key header: made once per form, so a double submit or a retry after a
 * lost answer does not create the same thing twice. getRandomValues works on plain http too.
 */
export function idempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
