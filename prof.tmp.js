const fs = require('fs');
const p = JSON.parse(fs.readFileSync(process.argv[2]));
const byId = new Map(p.nodes.map(n => [n.id, n]));
const self = new Map();
const dt = p.timeDeltas; const samples = p.samples;
// find time window: samples whose stack includes 'ranked'
const parent = new Map(); for (const n of p.nodes) for (const c of n.children || []) parent.set(c, n.id);
const inRanked = (id) => { let x = id; while (x !== undefined) { const n = byId.get(x); if (n.callFrame.functionName === 'ranked' || n.callFrame.functionName === 'loadFacts') return true; x = parent.get(x); } return false; };
let total = 0, rankedT = 0; const agg = new Map();
// time window where ranked is active: take min/max time of samples in ranked
let t = p.startTime; const times = [];
for (let i = 0; i < samples.length; i++) { t += dt[i]; times.push(t); }
let lo = Infinity, hi = -Infinity;
for (let i = 0; i < samples.length; i++) if (inRanked(samples[i])) { lo = Math.min(lo, times[i]); hi = Math.max(hi, times[i]); }
for (let i = 0; i < samples.length; i++) {
  if (times[i] < lo || times[i] > hi) continue;
  const n = byId.get(samples[i]); const d = dt[i] / 1000;
  const k = n.callFrame.functionName + ' ' + n.callFrame.url.split('/').slice(-2).join('/') + ':' + n.callFrame.lineNumber;
  agg.set(k, (agg.get(k) || 0) + d); total += d;
}
console.log('window ms', ((hi - lo) / 1000).toFixed(0), 'sampled ms', total.toFixed(0));
for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(v.toFixed(0).padStart(7), k);
