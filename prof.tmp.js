const p = JSON.parse(require('fs').readFileSync(process.argv[2]));
const self = new Map(); const byId = new Map(p.nodes.map(n => [n.id, n]));
const dt = {}; p.samples.forEach((s, i) => dt[s] = (dt[s] || 0) + (p.timeDeltas[i] || 0));
for (const n of p.nodes) { const k = n.callFrame.functionName + ' ' + n.callFrame.url.split('/').slice(-2).join('/') + ':' + n.callFrame.lineNumber; self.set(k, (self.get(k) || 0) + (dt[n.id] || 0)); }
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log('total ms', total / 1000);
[...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).forEach(([k, v]) => console.log((v / 1000).toFixed(0).padStart(6), k));
