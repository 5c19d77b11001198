// The JSON API client (docs/sample-app-api.md): cookies carry the session, and every
// state-changing request echoes the csrf cookie in X-CSRF-Token.

/** A failed request: the HTTP status and the server's error code, message and field errors. */
export class ApiError extends Error {
  constructor(status, code, message, fields = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields ?? {};
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
let unauthenticatedHandler = () => {};

/** Called when a request answers 401 outside sign-up and log-in: the session is over. */
export function onUnauthenticated(handler) {
  unauthenticatedHandler = handler;
}

/** The csrf cookie's value, or an empty string. */
export function csrfToken() {
  const cookie = document.cookie.split('; ').find((c) => c.startsWith('csrf='));
  return cookie ? decodeURIComponent(cookie.slice('csrf='.length)) : '';
}

/**
 * Sends a request and returns the parsed JSON body (null for 204). Throws an ApiError with the
 * server's code and message for any 4xx/5xx, and for a network failure (status 0).
 */
export async function api(method, path, body, { signal } = {}) {
  const headers = { Accept: 'application/json' };
  if (!SAFE_METHODS.has(method)) headers['X-CSRF-Token'] = csrfToken();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', 'The server could not be reached. Check your connection and try again.');
  }
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.ok) return data;
  const error = data?.error;
  const apiError = new ApiError(response.status, error?.code ?? 'http_' + response.status,
    error?.message ?? `The request failed (HTTP ${response.status}). Try again.`, error?.fields);
  if (response.status === 401 && !path.startsWith('/api/auth/')) unauthenticatedHandler(apiError);
  throw apiError;
}

export const get = (path, options) => api('GET', path, undefined, options);
export const post = (path, body, options) => api('POST', path, body, options);

/** A query string from an object, leaving out null and undefined values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value != null) search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
