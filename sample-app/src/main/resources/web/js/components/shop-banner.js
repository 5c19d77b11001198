// On the dashboard, a note about the selected store when it is not simply connected: the first
// sync's progress, why it is not connected with a way to reconnect, or the notices a connected
// store carries (orders limited to 60 days, a deprecation Shopify reported).

import { ApiError } from '../api.js';
import { h, replace } from '../dom.js';
import { icon } from '../icons.js';
import { startConnect } from './connect-form.js';
import { needsReconnect, notices, statusChip, statusDetail, syncProgress } from './shop-status.js';

/** The banner; `update(shop)` redraws it for the shop's current status. */
export function shopBanner() {
  // Not a live region: it redraws on every sync event, and the progress bar carries the state.
  const element = h('div', { class: 'shop-banner' });
  return {
    element,
    update(shop) {
      element.dataset.status = shop.status;
      if (shop.status === 'connected' && !shop.sync) {
        const texts = notices(shop);
        if (!texts.length) {
          element.replaceChildren();
          return;
        }
        replace(element, h('div', { class: 'callout callout--warning shop-notices', role: 'status' }, icon('info'),
          h('div', { class: 'callout__body' }, texts.map((text) => h('p', { class: 'shop-notice', text })))));
        return;
      }
      if (shop.status === 'syncing' || shop.status === 'connecting' || shop.sync) {
        replace(element, h('div', { class: 'callout' }, icon('sync'),
          h('div', { class: 'callout__body' },
            h('p', {}, h('strong', { text: `${shop.name || shop.domain} is syncing. ` }), 'Figures fill in as data arrives.'),
            syncProgress(shop.sync))));
        return;
      }
      const actions = [];
      if (needsReconnect(shop)) {
        const button = h('button', { type: 'button', class: 'button button--small' }, icon('store'), 'Reconnect');
        const error = h('span', { class: 'field__error', role: 'alert' });
        button.addEventListener('click', async () => {
          button.disabled = true;
          try {
            await startConnect(shop.domain);
          } catch (failure) {
            if (!(failure instanceof ApiError)) throw failure;
            error.textContent = failure.message;
            button.disabled = false;
          }
        });
        actions.push(button, error);
      }
      actions.push(h('a', { class: 'button button--outlined button--small', href: '/shops' }, 'Manage stores'));
      replace(element, h('div', { class: `callout ${needsReconnect(shop) || shop.status === 'error' ? 'callout--error' : 'callout--warning'}`, role: 'status' },
        icon('error'),
        h('div', { class: 'callout__body' },
          h('p', {}, h('strong', { text: `${shop.name || shop.domain}: ` }), statusChip(shop)),
          statusDetail(shop),
          h('div', { class: 'callout__actions' }, actions))));
    },
  };
}
