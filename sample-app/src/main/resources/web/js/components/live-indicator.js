// The app bar's live indicator: whether the page is receiving live updates.

const LABELS = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};
const TITLES = {
  connecting: 'Connecting to live updates',
  live: 'Live: figures update as orders arrive',
  reconnecting: 'Connection lost: reconnecting to live updates',
  offline: 'Offline: live updates are paused; figures may be out of date',
};

/** Shows a state ('connecting', 'live', 'reconnecting', 'offline'), or hides the indicator (null). */
export function showLiveState(state) {
  const indicator = document.getElementById('live-indicator');
  if (!state) {
    indicator.hidden = true;
    delete indicator.dataset.state;
    return;
  }
  indicator.hidden = false;
  indicator.dataset.state = state;
  indicator.title = TITLES[state];
  indicator.querySelector('.live-indicator__label').textContent = LABELS[state];
}

/**
 * The combined state of several streams: the worst one (offline, then reconnecting, then
 * connecting), live only when all are.
 */
export function combinedState(states) {
  for (const state of ['offline', 'reconnecting', 'connecting']) {
    if (states.includes(state)) return state;
  }
  return states.length ? 'live' : null;
}
