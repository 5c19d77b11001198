// Who is logged in and which stores they have, loaded once per page load and kept current.

import { ApiError, get, post } from './api.js';

let current = null;

/** The current session ({user, shops}), or null when nobody is logged in. */
export async function loadSession({ refresh = false } = {}) {
  if (current && !refresh) return current;
  try {
    const me = await get('/api/me');
    current = { user: me.user, shops: await loadShops(me) };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      current = null;
      return null;
    }
    throw error;
  }
  return current;
}

async function loadShops(me) {
  if (Array.isArray(me.shops)) return me.shops;
  try {
    return (await get('/api/shops')).shops;
  } catch (error) {
    // A server without the shops routes yet has no shops to show.
    if (error instanceof ApiError && error.status === 404) return [];
    throw error;
  }
}

/** Reloads the list of shops. */
export async function refreshShops() {
  if (!current) return loadSession();
  current.shops = await loadShops({});
  return current;
}

/** Records a signed-in user (after sign-up or log-in). */
export function signedIn(user) {
  current = { user, shops: null };
}

/** Logs out on the server and forgets the session here. */
export async function logOut() {
  try {
    await post('/api/auth/logout');
  } finally {
    current = null;
  }
}

/** Whether a session was known on this page (so a 401 means it ended). */
export function isSignedIn() {
  return current !== null;
}

/** Forgets the session without asking the server (it already said 401). */
export function forget() {
  current = null;
}

const SELECTED_SHOP = 'shopify-ingest.selected-shop';

/**
 * The shop a page is about: the one in the URL (`shop=`), else the one chosen last time, else
 * the first. Null when there is none.
 */
export function selectShop(shops, params) {
  if (!shops?.length) return null;
  const wanted = params.get('shop') ?? localStorage.getItem(SELECTED_SHOP);
  const shop = shops.find((s) => String(s.id) === wanted) ?? shops[0];
  localStorage.setItem(SELECTED_SHOP, String(shop.id));
  return shop;
}
