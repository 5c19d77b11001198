// Connecting a store: the merchant types their store's address in any usual form
// ("my-store", "my-store.myshopify.com", "https://my-store.myshopify.com/admin"); the server
// decides what is valid, and an error is shown under the field. On success the browser goes
// to Shopify to approve the app, which then sends it back to /shops.

import { ApiError, post } from '../api.js';
import { h, uniqueId } from '../dom.js';
import { icon } from '../icons.js';

/** Asks the server to start connecting a store and sends the browser to Shopify. */
export async function startConnect(shop) {
  const { authorizeUrl } = await post('/api/shops/connect', { shop });
  window.location.assign(authorizeUrl);
}

/** The connect form. `label` is the button's text. */
export function connectForm({ label = 'Connect store' } = {}) {
  const id = uniqueId('shop-domain');
  const hint = h('p', { class: 'field__hint', id: `${id}-hint`, text: 'Your store\'s address, like my-store or my-store.myshopify.com.' });
  const error = h('p', { class: 'field__error', id: `${id}-error`, role: 'alert' });
  const input = h('input', {
    id, name: 'shop', type: 'text', inputmode: 'url', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false',
    placeholder: 'my-store.myshopify.com', required: true, 'aria-describedby': `${hint.id} ${error.id}`,
  });
  const button = h('button', { type: 'submit', class: 'button' }, icon('add'), label);

  function setError(message, invalid = true) {
    error.replaceChildren();
    if (message) error.append(icon('error'), h('span', { text: message }));
    if (message && invalid) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
  input.addEventListener('input', () => setError(null));

  const form = h('form', { class: 'connect-form', novalidate: true, 'aria-label': 'Connect a store' },
    h('div', { class: 'field' },
      h('label', { for: id, text: 'Store address' }),
      hint,
      h('div', { class: 'field__row' }, input, button),
      error));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const shop = input.value.trim();
    if (!shop) {
      setError('Enter your store\'s address.');
      input.focus();
      return;
    }
    setError(null);
    button.disabled = true;
    try {
      await startConnect(shop);
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      const fieldMessage = failure.fields?.shop;
      setError(fieldMessage ?? failure.message, failure.code === 'invalid_shop_domain' || Boolean(fieldMessage));
      input.focus();
      button.disabled = false;
    }
  });
  return form;
}
