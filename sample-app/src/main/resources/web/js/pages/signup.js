// Sign up: create an account and land on the dashboard, ready to connect a store.

import { post } from '../api.js';
import { h } from '../dom.js';
import { authForm } from '../components/auth-form.js';
import { showAuthLayout, showPage } from '../components/app-shell.js';
import { navigate } from '../router.js';
import { signedIn } from '../session.js';
import { nextPage } from './login.js';

export function render(ctx) {
  showAuthLayout();
  const form = authForm({
    mode: 'signup',
    submit: async (credentials) => {
      const { user } = await post('/api/auth/signup', credentials);
      signedIn(user);
      navigate(nextPage(ctx.params), { replace: true });
    },
  });
  showPage(ctx.main, 'Sign up',
    h('section', { class: 'card auth-card', 'aria-labelledby': 'signup-title' },
      h('a', { class: 'brand', href: '/login' }, h('span', { class: 'brand__mark', 'aria-hidden': 'true' }, 'si'), 'shopify-ingest'),
      h('h1', { id: 'signup-title', text: 'Create your account' }),
      h('p', { class: 'auth-card__lead', text: 'Connect a Shopify store and watch its figures update as orders come in.' }),
      form,
      h('p', { class: 'auth-card__switch' }, 'Already have an account? ', h('a', { href: `/login${location.search}` }, 'Log in'))));
}
