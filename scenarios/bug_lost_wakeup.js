/* loopstep
title = "Bug hunt: the lost wake-up (JavaScript)"
teaches = "A loop that takes the done-list before it clears the wake-up's pending flag can miss a completion posted in between: the request is never called back and the loop blocks forever."
backend = "epoll"
workers = "pool"
pool_size = 2
# A planted bug (README, "Bug hunt"): the loop takes the done-list, then clears the pending
# flag in a second step. Plain node runs this program on its correct libuv.
engine_bug = "lost_wakeup"

[files]
"a.txt" = "first\n"
"b.txt" = "second\n"

[[notes]]
at = "wakeup_recv"
text = "The loop took the done-list. In this engine the pending flag is still set until its next step: a worker that posts now will think a wake-up is already on its way."

[[notes]]
line = 39
text = "Two stats, two pool workers: each finishes on its own and wakes the loop with uv_async_send. Explore: pick a lane under Possible next steps, or Restart with random:N in Controls, until one worker posts between the loop's two steps (it takes the done-list, then clears the flag). Its wake-up is lost: req_count stays 1 and the loop blocks forever."
*/
// Teaches: hunting a lost wake-up. Under node (and in loopstep's correct engine) both
// callbacks run. In this lesson's engine the loop takes the done-list one step before it
// clears the eventfd's pending flag (libuv clears it first, in uv__async_io): with the
// default policy nothing goes wrong; explore interleavings (pick lanes, random seeds) until
// the invariant breaks, or run `loopstep hunt scenarios/bug_lost_wakeup.js`.
// Which stat finishes first depends on the threads, so the callbacks print a count, not
// their file's name: the console is the same every run; the timeline shows the order.
'use strict';
const fs = require('fs');

let done = 0;
function finish() {
  done++;
  console.log('called back', done, 'of 2');
}

fs.stat('a.txt', function statA(err, stats) { finish(); });
fs.stat('b.txt', function statB(err, stats) { finish(); });
