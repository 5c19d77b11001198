// Stores: connect one, and see each store's status, sync progress and last sync, with
// "Sync now" and "Reconnect". Statuses and progress follow each store's live events.

import { ApiError, get, post } from '../api.js';
import { h, replace } from '../dom.js';
import { icon } from '../icons.js';
import { showPage, showShell } from '../components/app-shell.js';
import { connectForm, startConnect } from '../components/connect-form.js';
import { combinedState, showLiveState } from '../components/live-indicator.js';
import { needsReconnect, statusChip, statusDetail, syncProgress } from '../components/shop-status.js';
import { ShopEvents } from '../live.js';
import { loadSession, refreshShops, selectShop } from '../session.js';

const CALLBACK_ERRORS = {
  access_denied: 'The store\'s owner did not approve the app, so the store was not connected.',
  invalid_state: 'That connection attempt expired or came from another session. Start again below.',
  invalid_hmac: 'Shopify\'s answer could not be verified, so the store was not connected. Start again below.',
};

function flash(params, shops) {
  const connected = params.get('connected');
  const error = params.get('error');
  if (connected) {
    const shop = shops.find((s) => s.domain === connected);
    return h('div', { class: 'callout callout--success', role: 'status' }, icon('check'),
      h('div', { class: 'callout__body' }, h('p', {},
        h('strong', { text: `${shop?.name || connected} is connected. ` }),
        'The first sync has started; its progress shows below.')));
  }
  if (error) {
    return h('div', { class: 'callout callout--error', role: 'alert' }, icon('error'),
      h('div', { class: 'callout__body' }, h('p', { text: CALLBACK_ERRORS[error] ?? `The store could not be connected (${error}). Try again below.` })));
  }
  return null;
}

function shopItem(shop, onChange) {
  const element = h('li', { class: 'shop-item' });
  const error = h('p', { class: 'field__error', role: 'alert' });

  async function act(button, action) {
    button.disabled = true;
    error.replaceChildren();
    try {
      await action();
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      error.replaceChildren(icon('error'), h('span', { text: failure.message }));
    } finally {
      button.disabled = false;
    }
  }

  function draw() {
    element.dataset.shopId = shop.id;
    element.dataset.status = shop.status;
    const actions = [];
    if (needsReconnect(shop)) {
      const reconnect = h('button', { type: 'button', class: 'button button--small', 'data-action': 'reconnect' }, icon('store'), 'Reconnect');
      reconnect.addEventListener('click', () => act(reconnect, () => startConnect(shop.domain)));
      actions.push(reconnect);
    } else {
      const running = Boolean(shop.sync) || shop.status === 'syncing' || shop.status === 'connecting';
      const sync = h('button', {
        type: 'button', class: 'button button--outlined button--small', 'data-action': 'sync', disabled: running,
        'aria-label': `Sync ${shop.name || shop.domain} now`,
      }, icon('sync'), running ? 'Syncing…' : 'Sync now');
      sync.addEventListener('click', () => act(sync, async () => onChange(await post(`/api/shops/${encodeURIComponent(shop.id)}/sync`))));
      actions.push(sync);
    }
    actions.push(h('a', { class: 'button button--text button--small', href: `/?shop=${encodeURIComponent(shop.id)}` }, 'Dashboard'));
    replace(element,
      h('span', { class: 'shop-item__avatar', 'aria-hidden': 'true', text: (shop.name || shop.domain).slice(0, 1).toUpperCase() }),
      h('div', {},
        h('div', { class: 'shop-item__title' }, h('h3', { text: shop.name || shop.domain }), statusChip(shop)),
        h('p', { class: 'shop-item__domain', text: `${shop.domain} · ${shop.currency ?? ''} · ${shop.timeZone ?? ''}` }),
        statusDetail(shop),
        syncProgress(shop.sync),
        error),
      h('div', { class: 'shop-item__actions' }, actions));
  }
  draw();
  return {
    element,
    update(next) {
      Object.assign(shop, next);
      draw();
    },
  };
}

export async function render(ctx) {
  const session = await loadSession();
  let loadError = null;
  try {
    await refreshShops();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    loadError = error;
  }
  if (ctx.signal.aborted) return;
  const shops = session.shops ?? [];
  showShell({ user: session.user, shops, shop: selectShop(shops, new URLSearchParams()), current: 'shops' });

  const list = h('ul', { class: 'shop-list', 'aria-label': 'Your stores' });
  const listCard = h('section', { class: 'card', 'aria-labelledby': 'stores-title' },
    h('div', { class: 'card__header' }, h('div', {},
      h('h2', { id: 'stores-title', text: 'Your stores' }),
      h('p', { class: 'card__subtitle', text: 'Status and sync progress update live.' }))));
  if (loadError) {
    listCard.append(h('div', { class: 'callout callout--error', role: 'alert' }, icon('error'),
      h('div', { class: 'callout__body' }, h('p', { text: `Your stores could not be loaded: ${loadError.message}` }))));
  } else if (!shops.length) {
    listCard.append(h('p', { class: 'card__subtitle', id: 'no-stores', text: 'No store connected yet. Connect your first store above.' }));
  } else {
    listCard.append(list);
  }

  showPage(ctx.main, 'Stores',
    h('div', { class: 'page-header' }, h('div', { class: 'page-header__text' },
      h('h1', { text: 'Stores' }),
      h('p', { class: 'page-header__subtitle', text: 'Connect Shopify stores and watch them sync.' }))),
    flash(ctx.params, shops),
    h('section', { class: 'card', 'aria-labelledby': 'connect-title' },
      h('div', { class: 'card__header' }, h('div', {},
        h('h2', { id: 'connect-title', text: shops.length ? 'Connect another store' : 'Connect your first store' }),
        h('p', { class: 'card__subtitle', text: 'You will approve the app in Shopify, then come back here.' }))),
      connectForm()),
    h('div', { class: 'spacer' }),
    listCard);

  // Each store's live events keep its row current.
  const states = new Map();
  const streams = shops.map((shop) => {
    const item = shopItem(shop, (next) => item.update(next));
    list.append(item.element);
    states.set(shop.id, 'connecting');
    return new ShopEvents(shop.id, {
      onState: (state) => {
        states.set(shop.id, state);
        showLiveState(combinedState([...states.values()]));
      },
      onSync: (sync) => item.update({ sync }),
      onShop: (next) => item.update(next),
      onReopen: async () => {
        try {
          item.update(await get(`/api/shops/${encodeURIComponent(shop.id)}`));
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
        }
      },
    });
  });
  showLiveState(streams.length ? combinedState([...states.values()]) : null);
  ctx.onLeave(() => {
    streams.forEach((stream) => stream.close());
    showLiveState(null);
  });
}
