/** Timers acted on, by kind, across processes: `<prefix>:timers:fired` (a `callback-due` is a reminder). */
export const timersFiredKey = (prefix: string) => `${prefix}:timers:fired`;
