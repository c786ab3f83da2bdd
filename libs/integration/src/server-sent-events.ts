/**
 * Server-Sent Events framing (WHATWG HTML, "Server-sent events"). Published events are JSON on
 * one line, so one `data:` line carries one event.
 */
export function sseEvent(id: string, json: string): string {
  return `id: ${id}\ndata: ${json}\n\n`;
}

/** A comment line: ignored by EventSource, it keeps proxies and idle timers from closing the stream. */
export function sseComment(text: string): string {
  return `: ${text.replace(/\n/g, ' ')}\n\n`;
}

/**
 * An `id:` with no data dispatches nothing but sets the client's Last-Event-ID: a filtered
 * stream tells its client how far it has looked, so a reconnect does not look there again.
 */
export function sseIdOnly(id: string): string {
  return `id: ${id}\n\n`;
}
