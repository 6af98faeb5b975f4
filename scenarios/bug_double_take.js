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
line = 38
text = "Two stats, two pool workers. Explore: pick a lane under Possible next steps, or Restart with random:N in Controls, until a second worker reads the queue between the first one's two steps. Both run the same stat and both post it: the loop takes it twice and its callback runs twice."
*/
// A hunt for a completion taken twice. Plain node, like loopstep's correct engine, calls
// each stat back once. Here a pool worker reads the work queue's head under one lock and
// removes it under another (libuv's worker() holds one lock for both), which the default
// policy never exposes: explore lanes and random seeds until the invariant breaks, or let
// `loopstep hunt scenarios/bug_double_take.js` search.
// The stats may finish in either order, so the program prints once, when both are back.
'use strict';
const fs = require('fs');

const seen = [];
function calledBack(name) {
  seen.push(name);
  if (seen.length === 2) console.log('both stats called back, once each');
}

fs.stat('a.txt', function statA(err, stats) { calledBack('a.txt'); });
fs.stat('b.txt', function statB(err, stats) { calledBack('b.txt'); });
