// A store's connection status: the chip, the sync progress bar with counts, when it last
// synced (in the store's time zone), why it is not connected, and the notices a connected store
// may carry (orders limited to 60 days, a deprecation Shopify reported).

import { h } from '../dom.js';
import * as format from '../format.js';

export const STATUS_LABELS = {
  connecting: 'Connecting',
  syncing: 'Syncing',
  connected: 'Connected',
  disconnected: 'Disconnected',
  reconnect_needed: 'Reconnect needed',
  unavailable: 'Unavailable',
  error: 'Sync failed',
};
const ENTITIES = { ORDER: 'orders', CUSTOMER: 'customers', PRODUCT: 'products' };

/** Whether a shop needs the merchant to connect it again. */
export function needsReconnect(shop) {
  return shop.status === 'disconnected' || shop.status === 'reconnect_needed';
}

/** The status chip. */
export function statusChip(shop) {
  return h('span', { class: `chip chip--${shop.status}`, dataset: { status: shop.status } },
    STATUS_LABELS[shop.status] ?? shop.status);
}

/** The progress bar and counts of a running sync, or null when none runs. */
export function syncProgress(sync) {
  if (!sync) return null;
  const known = Number.isFinite(sync.total) && sync.total > 0;
  const done = Math.min(sync.done ?? 0, known ? sync.total : Infinity);
  const what = ENTITIES[sync.entity] ?? 'data';
  const text = known
    ? `Syncing ${what}: ${format.count(done)} of ${format.count(sync.total)} (${format.percent(done, sync.total)})`
    : `Syncing ${what}: ${format.count(done)} so far`;
  const bar = h('div', { class: 'progress__bar' });
  if (known) bar.style.width = `${(done / sync.total) * 100}%`;
  return h('div', { class: 'sync-progress', dataset: { done: String(done), total: String(sync.total ?? '') } },
    h('div', {
      class: `progress${known ? '' : ' progress--indeterminate'}`,
      role: 'progressbar',
      'aria-label': `Sync progress of ${what}`,
      'aria-valuemin': '0',
      'aria-valuemax': known ? String(sync.total) : null,
      'aria-valuenow': known ? String(done) : null,
      'aria-valuetext': text,
    }, bar),
    h('p', { class: 'progress-text', text }));
}

/** One line about the shop's state: last sync, or the reason it is not connected. */
export function statusDetail(shop) {
  const parts = [];
  if (shop.statusDetail && shop.status !== 'connected' && shop.status !== 'syncing') {
    parts.push(h('span', { class: 'shop-item__reason', text: shop.statusDetail }), ' ');
  }
  if (shop.lastSyncedAt) {
    parts.push(h('span', {}, 'Last synced ', h('time', { datetime: shop.lastSyncedAt, text: format.instant(shop.lastSyncedAt, shop.timeZone) })));
  } else if (shop.status === 'connecting' || shop.status === 'syncing') {
    parts.push('The first sync is under way.');
  }
  parts.push(...notices(shop).map((text) => h('span', { class: 'field__hint shop-notice', text: ` ${text}` })));
  return parts.length ? h('p', { class: 'shop-item__detail' }, parts) : null;
}

/** What a merchant should know about a store even when it is connected, as sentences (maybe none). */
export function notices(shop) {
  const texts = [];
  if (shop.historyLimitedTo60Days) {
    texts.push('Orders older than 60 days are not available: Shopify did not grant the app the read_all_orders permission. Reconnect the store and approve it to see older orders.');
  }
  if (shop.apiDeprecation) {
    texts.push(`Shopify reports a deprecated use of its API (version ${shop.apiDeprecation.apiVersion}): ${shop.apiDeprecation.reason}`);
  }
  return texts;
}
