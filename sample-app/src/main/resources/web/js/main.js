// The dashboard's entry point: registers the pages, checks the session before each signed-in
// page, and starts routing.

import { onUnauthenticated } from './api.js';
import { initShell } from './components/app-shell.js';
import { fallback, guard, navigate, route, start } from './router.js';
import { forget, isSignedIn, loadSession, logOut } from './session.js';
import * as dashboard from './pages/dashboard.js';
import * as filter from './pages/filter.js';
import * as login from './pages/login.js';
import * as notFound from './pages/not-found.js';
import * as shops from './pages/shops.js';
import * as signup from './pages/signup.js';

route('/', dashboard.render);
route('/filter', filter.render);
route('/shops', shops.render);
route('/login', login.render, { guestOnly: true });
route('/signup', signup.render, { guestOnly: true });
fallback(notFound.render);

function toLogin(reason) {
  const next = location.pathname + location.search;
  const params = new URLSearchParams({ next });
  if (reason) params.set('reason', reason);
  navigate(`/login?${params}`, { replace: true });
}

// Signed-in pages need a session: without one, go to log in and come back afterwards.
// Sign-up and log-in are for visitors: a logged-in user goes to the dashboard.
guard(async (page) => {
  if (!page.guestOnly && page.render === notFound.render) return true;
  const session = await loadSession();
  if (page.guestOnly && session) {
    navigate('/', { replace: true });
    return false;
  }
  if (!page.guestOnly && !session) {
    toLogin();
    return false;
  }
  return true;
});

// A request that finds the session over (expired, or logged out in another tab). The check
// before a page (no session yet) handles its own 401.
onUnauthenticated(() => {
  if (!isSignedIn()) return;
  forget();
  if (location.pathname !== '/login' && location.pathname !== '/signup') toLogin('session-ended');
});

initShell({
  onLogOut: async () => {
    try {
      await logOut();
    } finally {
      navigate('/login', { replace: true });
    }
  },
  onShopChange: (shopId) => {
    const params = new URLSearchParams(location.search);
    params.set('shop', shopId);
    const page = location.pathname === '/shops' ? '/' : location.pathname;
    navigate(`${page}?${params}`);
  },
});

start();
