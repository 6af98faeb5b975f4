/* loopstep
title = "Five fs.stat in a loop: each callback keeps its own i"
teaches = "A for (let i ...) loop gives every iteration its own i, so each of five fs.stat callbacks, which run long after the loop has ended and in any order, still knows which file it was for; with var they would all see the last value."
backend = "epoll"
workers = "pool"
pool_size = 4

[files]
"file0.txt" = ""
"file1.txt" = "a"
"file2.txt" = "ab"
"file3.txt" = "abc"
"file4.txt" = "abcd"

[[notes]]
line = 41
text = "The loop runs to its end at once: five requests are submitted to the pool before the first stat(2) has even finished. No callback can run while the loop is running."

[[notes]]
line = 43
text = "This callback runs in the poll phase, long after the loop ended. Its i is the i of the iteration that made it: a closure over a variable each `let` iteration makes afresh."

[[notes]]
at = "work_take"
text = "Up to four workers stat files at once; which one finishes first is up to the threads. The callbacks run in the order the completions arrive, not in the order of i."

[[notes]]
line = 49
text = "The same loop with var: there is only one j, shared by all five callbacks, and by the time any of them runs the loop has left it at 5."
*/
// Five fs.stat calls in a for loop, each with a closure that uses the loop variable.
// The callbacks may finish in any order (four workers stat at once), so each one stores
// its answer, and the last to finish prints them all, in the order of i: the console is
// the same every run, and the timeline shows the order they really finished in.
const fs = require('fs');

const sizes = [];
const seenByVar = [];
let pending = 10;

for (let i = 0; i < 5; i++) {
  fs.stat(`file${i}.txt`, function onStat(err, stats) {
    sizes[i] = stats.size;          // i: this iteration's own i, 0 to 4
    if (--pending === 0) report();
  });
}

// The same with var: one j for the whole loop, which is 5 when any callback runs.
for (var j = 0; j < 5; j++) {
  fs.stat(`file${j % 5}.txt`, function onStatVar(err, stats) {
    seenByVar.push(j);
    if (--pending === 0) report();
  });
}

console.log('the loops are done; no callback has run yet');

function report() {
  for (let i = 0; i < 5; i++) console.log(`let: i = ${i}, file${i}.txt has ${sizes[i]} bytes`);
  console.log('var: every callback saw j =', seenByVar.join(', '));
}
