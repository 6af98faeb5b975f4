/* loopstep
[files]
"a.txt" = "a"
*/
// Inside an I/O callback: every immediate runs (check phase) before any 0 ms timer
// (timers phase of the next iteration), whatever order they were queued in.
const fs = require('fs');
fs.readFile('a.txt', () => {
  setTimeout(() => console.log('timeout 1'), 0);
  setImmediate(() => console.log('immediate 1'));
  setTimeout(() => console.log('timeout 2'), 0);
  setImmediate(() => console.log('immediate 2'));
  process.nextTick(() => console.log('tick, before both'));
});
