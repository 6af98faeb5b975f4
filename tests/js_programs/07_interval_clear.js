// setInterval re-arms after each run; clearInterval from inside stops it. A second,
// slow interval is cleared by the first one's second tick, long before its own first.
let n = 0;
const never = setInterval(() => console.log('never'), 1000);
const iv = setInterval(() => {
  n++;
  console.log('interval tick', n);
  if (n === 2) {
    clearInterval(never);
    console.log('cleared the 1 s interval');
  }
  if (n === 4) clearInterval(iv);
}, 5);
process.on('exit', (code) => console.log('exit code', code, 'ticks', n));
