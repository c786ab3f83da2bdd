// Live refresh of the list views: the live event stream (EventSource with the session cookie)
// for roles that may read it (integrator, admin); otherwise the read models' positions in
// /health (public), polled. Either way a change re-renders the list view, debounced.
const POLL_MS = 5000;
const DEBOUNCE_MS = 1000;
let source;
let timer;
let debounce;

async function headPosition() {
  try {
    const health = await (await fetch('/health', { credentials: 'same-origin' })).json();
    const positions = Object.values(health.projections ?? {}).map((projection) =>
      BigInt(projection.position ?? '0'),
    );
    return positions.reduce((max, value) => (value > max ? value : max), 0n).toString();
  } catch {
    return undefined;
  }
}

export function startLive(session, refresh, say) {
  stopLive();
  const changed = () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => void refresh(), DEBOUNCE_MS);
  };
  const poll = (reason) => {
    say(`Live: checking for new events every ${POLL_MS / 1000} s (${reason})`);
    let last;
    timer = setInterval(async () => {
      const head = await headPosition();
      if (head !== undefined && last !== undefined && head !== last) changed();
      if (head !== undefined) last = head;
    }, POLL_MS);
  };
  if (!['integrator', 'admin'].includes(session.role) || typeof EventSource === 'undefined') {
    poll('the live event stream needs the integrator role');
    return;
  }
  void headPosition().then((after) => {
    if (after === undefined) return poll('the service did not answer');
    let failures = 0;
    source = new EventSource(`/events/stream?after=${after}`);
    source.onopen = () => {
      failures = 0;
      say('Live: following the event stream');
    };
    source.onmessage = changed;
    source.onerror = () => {
      if (++failures < 3) return say('Live: reconnecting to the event stream…');
      source.close();
      source = undefined;
      poll('the event stream failed');
    };
  });
}

export function stopLive() {
  source?.close();
  source = undefined;
  clearInterval(timer);
  clearTimeout(debounce);
}
