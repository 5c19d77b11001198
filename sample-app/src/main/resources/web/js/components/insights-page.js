// The frame of the two insights pages, Dashboard and Filter by date: the store, its status,
// the range (fixed on the dashboard, chosen and kept in the URL on the filter page), the
// figures, CSV export and live updates.

import { DEFAULT_PRESET, PRESETS, rangeFromParams, rangeParams, todayIn } from '../dates.js';
import { announce, h } from '../dom.js';
import { icon } from '../icons.js';
import * as format from '../format.js';
import { ShopEvents } from '../live.js';
import { updateQuery } from '../router.js';
import { loadSession, refreshShops, selectShop } from '../session.js';
import { showPage, showShell } from './app-shell.js';
import { connectForm } from './connect-form.js';
import { insightsView } from './insights-view.js';
import { showLiveState } from './live-indicator.js';
import { rangePicker } from './range-picker.js';
import { shopBanner } from './shop-banner.js';

const LIVE_RELOAD_DELAY_MS = 250;
const ANNOUNCE_EVERY_MS = 30_000;

function rangeLabel(range) {
  const preset = PRESETS.find((p) => p.id === range.preset);
  const dates = format.dayRange(range.from, range.to);
  return preset ? `${preset.label} (${dates})` : dates;
}

/** The "connect your first store" state. */
export function firstStoreState() {
  return h('section', { class: 'card empty-state', 'aria-labelledby': 'first-store-title' },
    h('span', { class: 'empty-state__icon' }, icon('store')),
    h('h2', { id: 'first-store-title', text: 'Connect your first store' }),
    h('p', { text: 'Connect a Shopify store to see its sales, orders and customers here. The first sync starts right away, and the dashboard stays current as orders come in.' }),
    connectForm({ label: 'Connect' }));
}

/**
 * Renders an insights page. `picker` shows the range picker and reads the range from the URL;
 * without it the page shows the last 30 days by day.
 */
export async function insightsPage(ctx, { title, current, picker }) {
  const session = await loadSession();
  if (!session.shops) await refreshShops();
  if (ctx.signal.aborted) return;
  const shop = selectShop(session.shops, ctx.params);
  showShell({ user: session.user, shops: session.shops, shop, current });
  const subtitle = h('p', { class: 'page-header__subtitle' });
  const actions = h('div', { class: 'page-header__actions' });
  const header = h('div', { class: 'page-header' },
    h('div', { class: 'page-header__text' }, h('h1', { text: title }), subtitle), actions);

  if (!shop) {
    subtitle.textContent = 'No store connected yet.';
    showPage(ctx.main, title, header, firstStoreState());
    return;
  }

  const today = todayIn(shop.timeZone);
  let range = picker
    ? rangeFromParams(ctx.params, today)
    : { preset: DEFAULT_PRESET, ...PRESETS.find((p) => p.id === DEFAULT_PRESET).resolve(today), granularity: 'day' };
  const showSubtitle = () => {
    subtitle.textContent = `${shop.name || shop.domain} · ${rangeLabel(range)}`;
  };
  showSubtitle();

  const view = insightsView(shop);
  const exportButton = h('button', { type: 'button', class: 'button button--outlined', id: 'export-csv' }, icon('download'), 'Export CSV');
  exportButton.addEventListener('click', () => view.exportCsv());
  if (!picker) {
    actions.append(h('a', { class: 'button button--outlined', href: `/filter?shop=${encodeURIComponent(shop.id)}` }, icon('dateRange'), 'Filter by date'));
  }
  actions.append(exportButton);

  const banner = shopBanner();
  banner.update(shop);
  const parts = [header, banner.element];
  if (picker) {
    if (range.problem) {
      parts.push(h('div', { class: 'callout callout--warning', role: 'status' }, icon('info'), h('div', { class: 'callout__body' }, h('p', { text: range.problem }))));
    }
    parts.push(rangePicker({
      range,
      today,
      onChange: (next) => {
        range = next;
        updateQuery({ shop: shop.id, ...rangeParams(range) });
        showSubtitle();
        view.load(range);
      },
    }));
  }
  parts.push(view.element);
  showPage(ctx.main, title, ...parts);
  view.load(range);

  // Live: reload the figures when data changes (debounced: a sync sends many changes),
  // follow the store's status and sync progress.
  let reloadTimer = null;
  let lastAnnounced = 0;
  const reload = () => {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(async () => {
      await view.load(range, { quiet: true });
      if (Date.now() - lastAnnounced > ANNOUNCE_EVERY_MS) {
        lastAnnounced = Date.now();
        announce('Figures updated.');
      }
    }, LIVE_RELOAD_DELAY_MS);
  };
  let status = shop.status;
  const events = new ShopEvents(shop.id, {
    onState: showLiveState,
    onDataChanged: reload,
    onReopen: reload,
    onSync: (sync) => {
      Object.assign(shop, { sync });
      banner.update(shop);
    },
    onShop: (next) => {
      Object.assign(shop, next);
      banner.update(shop);
      if (next.status !== status && next.status === 'connected') reload();
      status = next.status;
    },
  });
  showLiveState(events.state);
  ctx.onLeave(() => {
    clearTimeout(reloadTimer);
    events.close();
    view.destroy();
    showLiveState(null);
  });
}
