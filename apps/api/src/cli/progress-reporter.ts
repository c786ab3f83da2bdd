/** Writes progress to stderr: in place on a terminal, else a line a second. */
export function progressReporter(label: string): (done: bigint, total: bigint, events: number) => void {
  const interactive = process.stderr.isTTY;
  const started = Date.now();
  let lastLine = 0;
  let finishedShown = false;
  return (done, total, events) => {
    const now = Date.now();
    const finished = done >= total;
    if (finishedShown) return;
    finishedShown = finished;
    if (!interactive && !finished && now - lastLine < 1000) return;
    if (interactive && !finished && now - lastLine < 100) return;
    lastLine = now;
    const share = total === 0n ? 1 : Number(done) / Number(total);
    const rate = Math.round(events / Math.max((now - started) / 1000, 0.001));
    const line = `${label}: ${(share * 100).toFixed(1).padStart(5)}%  position ${done.toLocaleString('en')}/${total.toLocaleString('en')}, ${events.toLocaleString('en')} events, ${rate.toLocaleString('en')} events/s`;
    process.stderr.write(interactive ? `\r${line}${finished ? '\n' : ''}` : `${line}\n`);
  };
}
