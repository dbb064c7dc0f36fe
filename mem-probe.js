const t0=process.memoryUsage();
const mods=process.argv.slice(2);
for (const m of mods) require(m.startsWith('.') ? require('path').resolve(m) : m);
global.gc && gc();
const u=process.memoryUsage();
const roll=require('fs').readFileSync('/proc/self/smaps_rollup','utf8');
const f=(n)=>Number(new RegExp('^'+n+':\\s+(\\d+)','m').exec(roll)[1]);
console.log(mods.join(' ').slice(-60), 'heapUsed', (u.heapUsed/1e6).toFixed(1), 'rss', (u.rss/1e6).toFixed(1), 'pss', (f('Pss')/1024).toFixed(1), 'privDirty', (f('Private_Dirty')/1024).toFixed(1));
