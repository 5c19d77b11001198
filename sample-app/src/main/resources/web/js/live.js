// Live updates: one EventSource per shop on /api/shops/{id}/events (docs/sample-app-api.md).
// The browser reconnects a dropped stream by itself and sends Last-Event-ID, so missed events
// arrive; when it gives up (the server answered with an error), we find out why and retry with
// backoff, refetching on reopen because events may have been lost in between.

import { ApiError, get } from './api.js';

const MAX_RETRY_DELAY_MS = 30_000;

/**
 * A shop's event stream. Handlers: onSync(progress), onShop(shop), onDataChanged(change),
 * onReopen() (after a gap: reload what is shown), onState(state) with state one of
 * 'connecting', 'live', 'reconnecting', 'offline'.
 */
export class ShopEvents {
  constructor(shopId, handlers) {
    this.shopId = shopId;
    this.handlers = handlers;
    this.state = 'connecting';
    this.retries = 0;
    this.hadGap = false;
    this.closed = false;
    this.onOnline = () => { if (this.state === 'offline' || this.state === 'reconnecting') this.reopen(); };
    this.onOffline = () => { this.hadGap = true; this.setState('offline'); };
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    this.open();
  }

  open() {
    if (this.closed) return;
    const source = new EventSource(`/api/shops/${encodeURIComponent(this.shopId)}/events`);
    this.source = source;
    source.addEventListener('open', () => {
      this.retries = 0;
      this.setState('live');
      if (this.hadGap) {
        this.hadGap = false;
        this.handlers.onReopen?.();
      }
    });
    source.addEventListener('error', () => {
      if (this.closed) return;
      this.hadGap = true;
      if (source.readyState === EventSource.CONNECTING) {
        this.setState(navigator.onLine ? 'reconnecting' : 'offline');
      } else {
        source.close();
        this.retryLater();
      }
    });
    this.listen(source, 'sync', (data) => this.handlers.onSync?.(data));
    this.listen(source, 'shop', (data) => this.handlers.onShop?.(data));
    this.listen(source, 'data-changed', (data) => this.handlers.onDataChanged?.(data));
  }

  listen(source, type, handler) {
    source.addEventListener(type, (event) => {
      let data;
      try {
        data = JSON.parse(event.data);
      } catch {
        console.warn(`Ignored a ${type} event that is not JSON`);
        return;
      }
      handler(data);
    });
  }

  async retryLater() {
    if (!navigator.onLine) {
      this.setState('offline');
      return; // the 'online' listener reopens
    }
    // The stream failed for good: an ended session or a shop that is gone should not be
    // retried forever. (An EventSource does not expose the status, so ask the API.)
    try {
      await get(`/api/shops/${encodeURIComponent(this.shopId)}`);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 404 || error.status === 403)) {
        this.setState('offline');
        return;
      }
    }
    if (this.closed) return;
    this.setState('reconnecting');
    const delay = Math.min(MAX_RETRY_DELAY_MS, 1000 * 2 ** this.retries);
    this.retries += 1;
    this.timer = setTimeout(() => this.open(), delay);
  }

  reopen() {
    clearTimeout(this.timer);
    this.source?.close();
    this.setState('reconnecting');
    this.open();
  }

  setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.handlers.onState?.(state);
  }

  /** Stops listening. */
  close() {
    this.closed = true;
    clearTimeout(this.timer);
    this.source?.close();
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
  }
}
