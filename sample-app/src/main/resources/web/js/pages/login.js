// Log in.

import { post } from '../api.js';
import { h } from '../dom.js';
import { authForm } from '../components/auth-form.js';
import { showAuthLayout, showPage } from '../components/app-shell.js';
import { navigate } from '../router.js';
import { signedIn } from '../session.js';

/** Where to go after logging in: the page that asked for it, if it is one of ours. */
export function nextPage(params) {
  const next = params.get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function render(ctx) {
  showAuthLayout();
  const form = authForm({
    mode: 'login',
    submit: async (credentials) => {
      const { user } = await post('/api/auth/login', credentials);
      signedIn(user);
      navigate(nextPage(ctx.params), { replace: true });
    },
  });
  const notice = ctx.params.get('reason') === 'session-ended'
    ? h('div', { class: 'callout', role: 'status' }, h('p', { text: 'Your session has ended. Log in again to continue.' }))
    : null;
  showPage(ctx.main, 'Log in',
    h('section', { class: 'card auth-card', 'aria-labelledby': 'login-title' },
      h('a', { class: 'brand', href: '/login' }, h('span', { class: 'brand__mark', 'aria-hidden': 'true' }, 'si'), 'shopify-ingest'),
      h('h1', { id: 'login-title', text: 'Log in' }),
      h('p', { class: 'auth-card__lead', text: 'See your stores\' sales, orders and customers, live.' }),
      notice,
      form,
      h('p', { class: 'auth-card__switch' }, 'New here? ', h('a', { href: `/signup${location.search}` }, 'Create an account'))));
}
