/**
 * One progress line on stderr: rewritten in place on a terminal, else printed every few
 * seconds (logs, CI, tests), so stdout keeps only the results.
 */
export class ProgressLine {
  private lastPrinted = 0;
  private width = 0;
  private readonly tty = process.stderr.isTTY === true;

  update(text: string, force = false): void {
    const now = Date.now();
    if (this.tty) {
      process.stderr.write(`\r${text.padEnd(this.width)}`);
      this.width = text.length;
    } else if (force || now - this.lastPrinted >= 5000) {
      process.stderr.write(`${text}\n`);
      this.lastPrinted = now;
    }
  }

  /** Ends the line (on a terminal) after a final update. */
  finish(text: string): void {
    if (this.tty) process.stderr.write(`\r${text.padEnd(this.width)}\n`);
    else process.stderr.write(`${text}\n`);
    this.width = 0;
  }
}
