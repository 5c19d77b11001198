// The frame around signed-in pages: app bar (menu, live indicator, user, log out), side
// navigation (store picker, links) and the drawer behaviour on narrow screens.

import { h, replace } from '../dom.js';
import { icon } from '../icons.js';
import { showLiveState } from './live-indicator.js';

const NAV_ICONS = { dashboard: 'dashboard', filter: 'dateRange', shops: 'store' };
const narrow = window.matchMedia('(max-width: 860px)');
let handlers = { onLogOut: () => {}, onShopChange: () => {} };

/** Sets up the shell's controls once. */
export function initShell(options) {
  handlers = options;
  document.getElementById('menu-button').append(icon('menu'));
  for (const link of document.querySelectorAll('[data-nav]')) link.prepend(icon(NAV_ICONS[link.dataset.nav]));
  document.getElementById('logout-button').prepend(icon('logout'));
  document.getElementById('menu-button').addEventListener('click', () => setDrawer(!drawerOpen()));
  document.getElementById('scrim').addEventListener('click', () => setDrawer(false));
  document.getElementById('side-nav').addEventListener('click', (event) => {
    if (event.target.closest('a')) setDrawer(false);
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && drawerOpen()) {
      setDrawer(false);
      document.getElementById('menu-button').focus();
    }
  });
  narrow.addEventListener('change', () => setDrawer(false));
  document.getElementById('logout-button').addEventListener('click', () => handlers.onLogOut());
  document.getElementById('shop-select').addEventListener('change', (event) => handlers.onShopChange(event.target.value));
  setDrawer(false);
}

function drawerOpen() {
  return document.getElementById('side-nav').dataset.open === 'true';
}

function setDrawer(open) {
  const nav = document.getElementById('side-nav');
  const button = document.getElementById('menu-button');
  nav.dataset.open = String(open);
  button.setAttribute('aria-expanded', String(open));
  button.setAttribute('aria-label', open ? 'Close navigation' : 'Open navigation');
  document.getElementById('scrim').hidden = !(open && narrow.matches);
  if (open && narrow.matches) nav.querySelector('a, select')?.focus();
}

/** Shows the signed-in frame for a page: which nav item is current, the user, the store picker. */
export function showShell({ user, shops, shop, current }) {
  document.body.dataset.layout = 'app';
  document.getElementById('user-email').textContent = user?.email ?? '';
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
    const base = link.getAttribute('href').split('?')[0];
    link.setAttribute('href', shop && base !== '/shops' ? `${base}?shop=${encodeURIComponent(shop.id)}` : base);
  }
  const picker = document.getElementById('store-picker');
  const select = document.getElementById('shop-select');
  picker.hidden = !shops?.length;
  replace(select, (shops ?? []).map((s) => h('option', { value: s.id, selected: shop && s.id === shop.id }, s.name || s.domain)));
  if (!shops?.length) showLiveState(null);
}

/** Shows the signed-out frame (sign-up and log-in pages). */
export function showAuthLayout() {
  document.body.dataset.layout = 'auth';
  showLiveState(null);
}

/** Puts a page's content in main, moves focus to its heading and sets the document title. */
export function showPage(main, title, ...content) {
  document.title = `${title} · shopify-ingest`;
  replace(main, content);
  const heading = main.querySelector('h1');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
  window.scrollTo(0, 0);
}
