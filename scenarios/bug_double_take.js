/* loopstep
title = "Bug hunt: the completion taken twice (JavaScript)"
teaches = "A worker that reads the head of the work queue and removes it under two separate locks lets a second woken worker take the same request: its completion is posted and taken twice, and its callback runs twice."
backend = "epoll"
workers = "pool"
pool_size = 2
# A planted bug (README, "Bug hunt"): a pool worker reads the head of the work queue under
# one lock and removes it under a second. Plain node runs this program on its correct libuv.
engine_bug = "double_take"

[files]
"a.txt" = "first\n"
"b.txt" = "second\n"

[[notes]]
at = "work_take"
text = "A worker read the head of the work queue. In this engine it removes it only in its next step, under a second lock: a worker woken now reads the same head."

[[notes]]
line = 39
text = "Two stats, two pool workers. Explore: pick lanes in Step mode, or restart with random seeds, until a second worker reads the queue between the first one's two steps. Both run the same stat and both post it: the loop takes it twice and its callback runs twice."
*/
// Teaches: hunting a completion taken twice. Under node (and in loopstep's correct engine)
// each callback runs once. In this lesson's engine a pool worker reads the head of the work
// queue and removes it under two separate locks (libuv's worker() does both under one): with
// the default policy nothing goes wrong; explore interleavings (pick lanes, random seeds)
// until the invariant breaks, or run `loopstep hunt scenarios/bug_double_take.js`.
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
