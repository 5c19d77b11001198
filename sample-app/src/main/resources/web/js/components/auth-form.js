// The sign-up and log-in form: inline validation as the user leaves a field and on submit,
// then the server's verdict: its message above the form and its field errors under the fields.

import { ApiError } from '../api.js';
import { h, uniqueId } from '../dom.js';
import { icon } from '../icons.js';

export const MIN_PASSWORD_LENGTH = 12;

function field({ name, label, type, autocomplete, hint }) {
  const id = uniqueId(name);
  const error = h('p', { class: 'field__error', id: `${id}-error` });
  const hintElement = hint ? h('p', { class: 'field__hint', id: `${id}-hint`, text: hint }) : null;
  const input = h('input', {
    id, name, type, autocomplete, required: true, spellcheck: 'false', autocapitalize: 'none',
    'aria-describedby': [hintElement?.id, error.id].filter(Boolean).join(' '),
  });
  const row = [input];
  if (type === 'password') {
    const toggle = h('button', { type: 'button', class: 'button button--outlined', 'aria-pressed': 'false', 'aria-controls': id, text: 'Show' });
    toggle.addEventListener('click', () => {
      const showing = input.type === 'text';
      input.type = showing ? 'password' : 'text';
      toggle.textContent = showing ? 'Show' : 'Hide';
      toggle.setAttribute('aria-pressed', String(!showing));
    });
    row.push(toggle);
  }
  const element = h('div', { class: 'field' },
    h('label', { for: id, text: label }),
    hintElement,
    h('div', { class: 'field__row' }, row),
    error);
  return {
    element,
    input,
    setError(message) {
      error.replaceChildren();
      if (message) error.append(icon('error'), h('span', { text: message }));
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    },
  };
}

/**
 * A form for `mode` 'signup' or 'login'. `submit({email, password})` calls the API and resolves
 * on success; an ApiError it throws is shown in the form.
 */
export function authForm({ mode, submit }) {
  const signup = mode === 'signup';
  const email = field({ name: 'email', label: 'Email', type: 'email', autocomplete: 'username' });
  const password = field({
    name: 'password', label: 'Password', type: 'password',
    autocomplete: signup ? 'new-password' : 'current-password',
    hint: signup ? `At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a good one.` : null,
  });
  const fields = { email, password };
  const alert = h('div', { class: 'callout callout--error', role: 'alert', hidden: true, tabindex: '-1' });
  const button = h('button', { type: 'submit', class: 'button button--block' }, signup ? 'Create account' : 'Log in');

  const checks = {
    email: () => {
      const input = email.input;
      if (!input.value.trim()) return 'Enter your email address.';
      if (input.validity.typeMismatch) return 'Enter an email address like name@example.com.';
      return null;
    },
    password: () => {
      const value = password.input.value;
      if (!value) return 'Enter your password.';
      if (signup && [...value].length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
      return null;
    },
  };
  for (const [name, f] of Object.entries(fields)) {
    // Judge a field when the user leaves it, then keep the message current as they fix it.
    f.input.addEventListener('blur', () => { if (f.input.value) f.setError(checks[name]()); });
    f.input.addEventListener('input', () => { if (f.input.getAttribute('aria-invalid')) f.setError(checks[name]()); });
  }

  function showAlert(message) {
    alert.replaceChildren();
    if (!message) {
      alert.hidden = true;
      return;
    }
    alert.append(icon('error'), h('div', { class: 'callout__body' }, h('p', { text: message })));
    alert.hidden = false;
  }

  const form = h('form', { novalidate: true, 'aria-label': signup ? 'Sign up' : 'Log in' },
    alert, email.element, password.element, button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showAlert(null);
    let firstInvalid = null;
    for (const [name, f] of Object.entries(fields)) {
      const problem = checks[name]();
      f.setError(problem);
      if (problem && !firstInvalid) firstInvalid = f.input;
    }
    if (firstInvalid) {
      firstInvalid.focus();
      return;
    }
    button.disabled = true;
    button.textContent = signup ? 'Creating account…' : 'Logging in…';
    try {
      await submit({ email: email.input.value.trim(), password: password.input.value });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const unmatched = [];
      for (const [name, message] of Object.entries(error.fields ?? {})) {
        if (fields[name]) fields[name].setError(message);
        else unmatched.push(message);
      }
      showAlert([error.message, ...unmatched].join(' '));
      alert.focus();
    } finally {
      button.disabled = false;
      button.textContent = signup ? 'Create account' : 'Log in';
    }
  });
  return form;
}
