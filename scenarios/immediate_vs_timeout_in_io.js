/* loopstep
title = "Inside an I/O callback: setImmediate before setTimeout 0"
teaches = "After the poll phase comes the check phase, so an immediate queued in an I/O callback runs before a 0 ms timer queued in the same callback."
backend = "epoll"
workers = "pool"
pool_size = 4

[files]
"any.txt" = "anything\n"

[[notes]]
at = "timer_start"
text = "The 0 ms timer is due at once, but timers only run in the timers phase, and the loop is in the poll phase now."

[[notes]]
at = "immediate_queue"
text = "The immediate goes on the check queue. The check phase comes right after poll, before the loop goes around to the timers again."

[[notes]]
at = "timer_fire"
text = "Only now, in the timers phase of the next iteration, does the 0 ms timer fire: after the immediate."

[[notes]]
line = 34
text = "Queued first, but it will run second: onOpen runs in the poll phase, and the timers phase is a whole loop iteration away."
*/
// Inside an I/O callback, setImmediate always runs before setTimeout(..., 0): onOpen runs
// in the poll phase, the next phase is check (immediates), and timers only come after the
// loop goes around to the timers phase again. Node prints the same order every time
// (unlike the same two calls in the main script: see ticks_and_microtasks.js).
const fs = require('fs');

fs.open('any.txt', 'r', function onOpen() {
  setTimeout(function onTimeout() { console.log('timeout'); }, 0);
  setImmediate(function onImmediate() { console.log('immediate'); });
});
