/* loopstep
title = "Pool saturation: the fifth fs.stat waits"
teaches = "libuv's pool has 4 workers by default; a fifth request waits in the FIFO work queue until a worker is free."
backend = "epoll"
workers = "pool"
pool_size = 4

[files]
"one.txt" = "file one\n"
"two.txt" = "file two\n"
"three.txt" = "file three\n"
"four.txt" = "file four\n"
"five.txt" = "file five\n"

[[notes]]
at = "work_submit"
text = "uv__work_submit appends the request to the work queue; the event's value is the queue depth after the append."

[[notes]]
at = "work_take"
text = "A free worker takes the request at the front of the queue (FIFO). With 4 workers busy, the fifth request stays queued until one of them comes back."

[[notes]]
line = 52
text = "The fifth fs.stat: four workers at most can be running stat(2); if they are all busy, this request waits in the queue."
*/
// Five fs.stat calls on a pool of 4 workers. Set pool_size = 1 in the front matter and
// watch all five wait their turn, or 8 and see none wait.
//
// What differs from pool_saturation.toml: the TOML injects 50 ms of latency before each
// stat(2) (latency_ms), so the four workers are visibly busy when the fifth request comes.
// A real program cannot do that: a stat(2) of a small file takes microseconds, so in Run
// mode a worker may well be free again before the fifth call. In Step mode the main
// script submits all five before any worker finishes, and the fifth waits.
//
// Which stat finishes first depends on the threads, so the callbacks print a count, not
// their file's name: the console is the same every run; the timeline shows the order.
const fs = require('fs');

// Each request has its own callback, so the timeline names them; all five count.
let finished = 0;
function finish() {
  finished++;
  console.log('finished', finished, 'of 5');
  if (finished === 5) console.log('all five stats are done; the pool had 4 workers');
}

fs.stat('one.txt', function statOne(err, stats) { finish(); });
fs.stat('two.txt', function statTwo(err, stats) { finish(); });
fs.stat('three.txt', function statThree(err, stats) { finish(); });
fs.stat('four.txt', function statFour(err, stats) { finish(); });
fs.stat('five.txt', function statFive(err, stats) { finish(); });
