/* loopstep
title = "Sync calls block the loop: a 5 ms timer runs late"
teaches = "fs.readFileSync runs on the main thread and blocks it: while the main script reads a file again and again, a 5 ms timer that is long due cannot run; it runs only after the sync work is over."
backend = "epoll"
workers = "pool"
pool_size = 4

[files]
"data.txt" = "some data, read over and over\n"

[[notes]]
line = 30
text = "The timer is due in 5 ms. Nothing will run it before the main script ends: the timers phase is part of the loop, and the loop only runs when the JavaScript stack is empty."

[[notes]]
line = 37
text = "A sync call: no request, no pool, no callback. The file is opened, read and closed right here, on the main thread, while the loop waits."

[[notes]]
at = "timer_fire"
text = "At last the timers phase: the timer was due long ago; it runs now, after the sync reads."
*/
// A timer set for 5 ms, then at least 20 ms of synchronous reading: the timer is due
// while the main script is still busy, and it has to wait until the main script ends.
// (The output says that the timer ran late, never how late: the times differ from run to
// run, and a lesson prints the same every time. Watch the timeline instead.)
const fs = require('fs');

const setAt = Date.now();
setTimeout(function onTimer() {
  const late = Date.now() - setAt;
  console.log('timer ran after the sync reads:', late >= 20 ? 'at least 20 ms after it was set, not 5' : 'early?!');
}, 5);

let reads = 0, text = '';
while (reads < 100 || Date.now() - setAt < 20) {
  text = fs.readFileSync('data.txt', 'utf8');
  reads++;
}
console.log('the sync reads are done; data.txt says:', text.trim());
console.log('the timer is overdue, but the main script has not ended yet');
