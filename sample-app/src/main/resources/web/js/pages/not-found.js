// A path the app does not have.

import { h } from '../dom.js';
import { showPage } from '../components/app-shell.js';

export function render(ctx) {
  document.body.dataset.layout = 'auth';
  showPage(ctx.main, 'Page not found',
    h('section', { class: 'card auth-card' },
      h('h1', { text: 'Page not found' }),
      h('p', { class: 'auth-card__lead', text: 'There is no page at this address.' }),
      h('a', { class: 'button', href: '/' }, 'Go to the dashboard')));
}
