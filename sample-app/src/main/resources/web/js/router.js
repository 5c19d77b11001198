// Client-side routing with the History API. The server answers every page path with
// index.html; this module renders the page for the path and keeps links in the app.

const routes = new Map();
let notFound = null;
let active = null;

/**
 * Registers a page. `render(ctx)` builds it into ctx.main; ctx.signal aborts when the user
 * leaves, and ctx.onLeave(fn) registers clean-up (closing event streams, destroying charts).
 */
export function route(path, render, options = {}) {
  routes.set(path, { render, ...options });
}

/** The page for unknown paths. */
export function fallback(render) {
  notFound = { render };
}

/** Goes to a URL within the app (pushes history unless `replace`). */
export function navigate(url, { replace = false } = {}) {
  const target = new URL(url, location.href);
  if (target.origin !== location.origin) {
    location.assign(target.href);
    return;
  }
  history[replace ? 'replaceState' : 'pushState'](null, '', target.pathname + target.search + target.hash);
  render();
}

/** Changes the URL's query without rendering again (the page already shows it). */
export function updateQuery(params, { replace = false } = {}) {
  const search = new URLSearchParams(params).toString();
  history[replace ? 'replaceState' : 'pushState'](null, '', location.pathname + (search ? `?${search}` : ''));
}

let beforeRender = async () => true;
/** A guard run before each page: return false to stop (it navigated elsewhere). */
export function guard(fn) {
  beforeRender = fn;
}

/** Renders the page for the current URL. */
export async function render() {
  if (active) {
    active.controller.abort();
    for (const fn of active.cleanups) {
      try { fn(); } catch (error) { console.error(error); }
    }
  }
  const page = routes.get(location.pathname) ?? notFound;
  const controller = new AbortController();
  const cleanups = [];
  active = { controller, cleanups };
  const main = document.getElementById('main');
  if (!(await beforeRender(page, controller.signal)) || controller.signal.aborted) return;
  const ctx = {
    main,
    params: new URLSearchParams(location.search),
    signal: controller.signal,
    onLeave: (fn) => cleanups.push(fn),
  };
  try {
    await page.render(ctx);
  } catch (error) {
    if (error.name !== 'AbortError') throw error;
  }
}

/** Starts routing: renders the current URL and follows links and the back button. */
export function start() {
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[href]');
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey
        || event.shiftKey || event.altKey || link.target || link.hasAttribute('download')) return;
    const url = new URL(link.href);
    if (url.origin !== location.origin || (!routes.has(url.pathname))) return;
    event.preventDefault();
    navigate(url.href);
  });
  window.addEventListener('popstate', render);
  return render();
}
