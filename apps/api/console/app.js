// The console: sign-in, the views (one module each), messages, live refresh.
import { api, ApiError, ServiceDown } from './api.js';
import { clearCharts } from './charts.js';
import { h, notice } from './dom.js';
import { actorSignIn } from './format.js';
import { startLive, stopLive } from './live.js';
import * as actions from './views/actions.js';
import * as backtest from './views/backtest.js';
import * as complaint from './views/complaint.js';
import * as funnel from './views/funnel.js';
import * as rankings from './views/rankings.js';
import * as warning from './views/warning.js';

const VIEWS = { funnel, warning, complaint, rankings, actions, backtest };
const $ = (id) => document.getElementById(id);
let session;
let rendering = 0;

/** A message over the page (kind error | info), or none. */
export function showMessage(text, kind = 'error') {
  const box = $('message');
  box.replaceChildren();
  if (!text) {
    box.hidden = true;
    return;
  }
  box.dataset.kind = kind;
  box.append(text);
  if (kind === 'error') {
    box.append(' ', h('button', { type: 'button', class: 'secondary', onclick: () => route() }, 'Try again'));
  }
  box.hidden = false;
}

/**
 * What a view shows for a failed call: 403 says which role it needs, 401 goes back to the
 * sign-in, the service down says so over the page. Returns the notice to put in the view.
 */
export function explain(error, what, needs) {
  if (error instanceof ServiceDown) {
    showMessage(error.message);
    return notice('error', `${what}: the service does not answer.`);
  }
  if (error instanceof ApiError && error.status === 401) {
    void signedOut('Your session has ended: sign in again.');
    return notice('error', `${what}: sign in again.`);
  }
  if (error instanceof ApiError && error.status === 403) {
    return notice(
      'denied',
      `Your role (${session?.role ?? 'unknown'}) may not see ${what}: this needs the ${needs} role.`,
    );
  }
  if (error instanceof ApiError) return notice('error', `${what}: ${error.message} (${error.status}).`);
  console.error(error);
  return notice('error', `${what} could not be shown: ${error.message}`);
}

function currentView() {
  const [name, search = ''] = location.hash.replace(/^#/, '').split('?');
  return { name: VIEWS[name] ? name : 'funnel', params: new URLSearchParams(search) };
}

/** Puts the view's parameters in the address (shareable, and what the back button restores). */
export function setParams(name, params) {
  const search = new URLSearchParams(
    Object.entries(params).filter(([, value]) => value !== '' && value !== undefined),
  );
  const hash = `#${name}${search.toString() ? `?${search}` : ''}`;
  if (location.hash === hash) void route();
  else location.hash = hash;
}

async function route() {
  if (!session) return;
  const { name, params } = currentView();
  const turn = ++rendering;
  for (const link of document.querySelectorAll('#views a')) {
    if (link.dataset.view === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  showMessage('');
  clearCharts();
  const container = $('view');
  container.hidden = false;
  container.dataset.view = name;
  container.dataset.render = String(turn);
  container.dataset.state = 'loading';
  container.replaceChildren(h('p', {}, 'Loading…'));
  await VIEWS[name].render(container, {
    session,
    params,
    setParams: (next) => setParams(name, next),
    isCurrent: () => turn === rendering,
    explain,
  });
  if (turn === rendering) container.dataset.state = 'ready';
}

/** Re-renders the current list view in place (live refresh), keeping its parameters. */
export async function refreshListView() {
  const { name } = currentView();
  if (VIEWS[name].live && $('view').dataset.state === 'ready') await route();
}

function signedIn(answer) {
  session = answer;
  $('loading').hidden = true;
  $('sign-in').hidden = true;
  $('views').hidden = false;
  $('sign-out').hidden = false;
  $('who').textContent =
    `Signed in as ${answer.actorName ?? answer.actorId} (${answer.role}, ${actorSignIn(answer)})`;
  $('who').title = answer.actorId;
  $('who').dataset.role = answer.role;
  // A link with data-roles shows only to those roles (admin may call every route).
  for (const item of document.querySelectorAll('#views li[data-roles]')) {
    item.hidden = answer.role !== 'admin' && !item.dataset.roles.split(' ').includes(answer.role);
  }
  startLive(session, refreshListView, (text) => ($('live').textContent = text));
  void route();
}

/** What the console says when a sign-in through the identity provider came back without a session. */
const SIGN_IN_ERRORS = {
  failed: 'Signing in through the identity provider did not complete: try again.',
  'no-role':
    'The identity provider signed you in but gives you none of the roles agent, analyst, auditor, integrator or admin: ask your administrator.',
  unavailable: 'The identity provider cannot be reached now: try again later, or sign in with a token.',
};

/** Shows "Sign in with <issuer>" when the service can sign in through one (OIDC_CLIENT_ID). */
async function offerIdentityProvider() {
  const answer = await api('/console/identity-provider').catch(() => undefined);
  if (!answer?.issuer || !answer.signInPath) return;
  const link = $('identity-provider-link');
  link.href = answer.signInPath;
  link.textContent = `Sign in with ${new URL(answer.issuer).host}`;
  $('identity-provider').hidden = false;
}

/** The error the identity provider's sign-in came back with (?sign_in_error=), taken off the address. */
function takeSignInError() {
  const params = new URLSearchParams(location.search);
  const code = params.get('sign_in_error');
  if (code === null) return undefined;
  params.delete('sign_in_error');
  const query = params.toString();
  window.history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
  return SIGN_IN_ERRORS[code] ?? SIGN_IN_ERRORS.failed;
}

async function signedOut(message) {
  session = undefined;
  stopLive();
  clearCharts();
  $('loading').hidden = true;
  $('views').hidden = true;
  $('sign-out').hidden = true;
  $('view').hidden = true;
  $('who').textContent = '';
  $('who').removeAttribute('title');
  delete $('who').dataset.role;
  $('sign-in').hidden = false;
  showMessage(message ?? '', 'info');
  $('token').focus();
  void offerIdentityProvider();
}

async function start() {
  const signInError = takeSignInError();
  try {
    signedIn(await api('/console/session'));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return signedOut(signInError);
    $('loading').hidden = true;
    showMessage(
      error instanceof ServiceDown ? error.message : `The console could not start: ${error.message}`,
    );
    $('message')
      .querySelector('button')
      ?.addEventListener('click', () => void start(), { once: true });
  }
}

$('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('token');
  try {
    const answer = await api('/console/session', { method: 'POST', body: { token: input.value } });
    input.value = '';
    showMessage('');
    signedIn(answer);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      showMessage('This token is not known: check it and try again.');
    } else if (error instanceof ApiError) {
      showMessage(`Signing in failed: ${error.message}`);
    } else {
      showMessage(error.message);
    }
    $('message').querySelector('button')?.remove();
    input.focus();
  }
});

$('sign-out').addEventListener('click', async () => {
  await api('/console/session', { method: 'DELETE' }).catch(() => undefined);
  await signedOut('You have signed out.');
});

window.addEventListener('hashchange', () => void route());
void start();
