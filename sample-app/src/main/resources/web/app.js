// The placeholder page: sign up, log in, see who you are, log out. It uses the JSON API exactly
// as the dashboard will: cookies for the session, the csrf cookie echoed in X-CSRF-Token.

const $ = (id) => document.getElementById(id);

function csrfToken() {
  const cookie = document.cookie.split('; ').find((c) => c.startsWith('csrf='));
  return cookie ? decodeURIComponent(cookie.slice('csrf='.length)) : '';
}

async function api(method, path, body) {
  const headers = { 'X-CSRF-Token': csrfToken() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const data = response.status === 204 ? null : await response.json();
  if (!response.ok) throw new Error(data?.error?.message ?? `Request failed (${response.status})`);
  return data;
}

function show(me) {
  $('signed-out').hidden = Boolean(me);
  $('signed-in').hidden = !me;
  if (me) {
    $('user-email').textContent = me.user.email;
    $('shops').textContent = me.shops.length
      ? `Shops: ${me.shops.map((s) => s.name || s.domain).join(', ')}`
      : 'No store connected yet.';
  }
}

async function refresh() {
  try {
    show(await api('GET', '/api/me'));
  } catch {
    show(null);
  }
}

$('auth-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const action = event.submitter?.value === 'signup' ? 'signup' : 'login';
  $('message').textContent = '';
  try {
    await api('POST', `/api/auth/${action}`, { email: form.get('email'), password: form.get('password') });
    event.target.reset();
    await refresh();
  } catch (error) {
    $('message').textContent = error.message;
  }
});

$('logout').addEventListener('click', async () => {
  try {
    await api('POST', '/api/auth/logout');
  } finally {
    await refresh();
  }
});

refresh();
