// How numbers and times are shown. The values themselves are the API's, never recomputed.

const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });
const decimal = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
const integer = new Intl.NumberFormat('en');

/** A rate 0..1 as a percentage (the exact value goes in data-value beside it). */
export const formatRate = (rate) => (rate === null || rate === undefined ? '–' : percent.format(rate));
export const formatNumber = (value) => (value === null || value === undefined ? '–' : decimal.format(value));
export const formatCount = (value) => integer.format(value);

/** An instant as the reader's local date and time, with the ISO text in a title. */
export function formatTime(iso) {
  if (!iso) return '–';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('en-GB', { timeZone: 'UTC' }) + ' UTC';
}

/** YYYY-MM-DD of a Date (UTC). */
export const day = (date) => date.toISOString().slice(0, 10);

/** The instant at 00:00 UTC of a YYYY-MM-DD. */
export const startOfDay = (text) => `${text}T00:00:00Z`;

/** Who acted, as people read it: the actor's name, or its id when it has none. */
export const actorName = (actor) => (actor ? (actor.name ?? actor.id) : '–');

/** How the actor signed in: an API key, the identity provider, or the service itself. */
export function actorSignIn(actor) {
  if (!actor) return '–';
  if (actor.role === 'system') return 'system';
  if (actor.via === 'oidc') return 'identity provider';
  if (actor.via === 'api-key') return 'API key';
  return 'not recorded';
}
