/* loopstep
title = "CPU work on the pool: five crypto.pbkdf2 on four workers"
teaches = "crypto.pbkdf2 is not I/O: Node hands the key derivation to libuv's pool (uv_queue_work), and a worker computes it for as long as it takes. With four workers, the fifth derivation waits in the work queue until one is free, while the main thread stays free for the timer."
backend = "epoll"
workers = "pool"
pool_size = 4

[[notes]]
line = 36
text = "Each call makes a PBKDF2Job and runs it: CryptoJob::Run -> ThreadPoolWork::ScheduleWork -> uv_queue_work. The loop thread returns at once; the derivation has not started yet."

[[notes]]
at = "work_begin"
text = "A worker derives the key: 20,000 rounds of HMAC-SHA-512, about 6 ms of pure CPU (loopstep derives it itself, the same key node's OpenSSL derives). No syscall, nothing to wait for: the worker is busy, not blocked."

[[notes]]
at = "timer_fire"
text = "The timer runs on the loop thread while the workers compute: CPU work on the pool does not block the loop."
*/
// Five key derivations on a pool of 4 workers: the fifth waits for a free worker. Set
// pool_size = 1 in the front matter and watch them run one by one, or 8 and see none wait.
//
// Which derivation finishes first depends on the threads, so the callbacks print a count,
// not their number: the console is the same every run; the timeline shows the order.
const crypto = require('crypto');

let finished = 0;
function derived(err, key) {
  finished++;
  console.log('derived', finished, 'of 5:', key.length, 'bytes');
  if (finished === 5) console.log('the last key:', key.toString('hex').slice(0, 16) + '...');
}

setTimeout(function onTimer() { console.log('the timer ran while the workers were busy'); }, 1);
for (let i = 0; i < 5; i++) {
  crypto.pbkdf2('correct horse battery staple', 'salt', 20000, 64, 'sha512', derived);
}
console.log('the main script is done; the keys are being derived');
