/* loopstep
title = "GetQueuedCompletionStatusEx: one wait, three packets"
teaches = "libuv on Windows takes every queued completion packet, up to 128, with one GetQueuedCompletionStatusEx call."
backend = "iocp"
workers = "pool"
pool_size = 4
port_batch = 128
# Step mode: least-recently-released gives each idle worker its turn while the loop thread
# is still in the main script, so the three packets are posted before the loop polls.
policy = "lrr"

[files]
"1.txt" = "hello\n"
"2.txt" = "hello\n"
"3.txt" = "hello\n"

[[notes]]
at = "completion_post"
text = "A worker posts its packet while the main script is still running: nobody waits on the port yet, so the packet stays queued. Two more follow."

[[notes]]
at = "wait_begin"
text = "The loop reaches the poll phase with three packets on the port. GetQueuedCompletionStatusEx gets an array of up to 128 entries (port_batch), so it does not sleep: it takes what is there."

[[notes]]
at = "wait_end"
text = "One kernel call returned all three packets (value 3). With port_batch = 1 the loop would call GetQueuedCompletionStatus three times, one packet each."

[[notes]]
at = "completion_take"
text = "The loop goes through the array in order: each entry's overlapped pointer leads back to its request. The value counts the packets still waiting: 2, then 1, then 0."

[[notes]]
at = "req_count_dec"
text = "uv__fs_done unregisters the request before its callback runs: req_count drops by one per packet, 3 -> 2 -> 1 -> 0, not all at once."
*/
// How real libuv empties the completion port on Windows. Three fs.stat calls go to the
// pool; the workers finish and post their packets while the main script is still running,
// so when the loop reaches the poll phase the port already holds three packets, and one
// GetQueuedCompletionStatusEx call takes all three. Then set port_batch = 1 (the
// articles' GetQueuedCompletionStatus) and count the waits: three, one packet each.
//
// The three files have the same size, so the console shows the same line whichever
// request finishes first.
const fs = require('fs');

function onStat(err, stats) {
  console.log('stat done, size', stats.size);
}

fs.stat('1.txt', onStat);
fs.stat('2.txt', onStat);
fs.stat('3.txt', onStat);
