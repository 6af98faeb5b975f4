/* loopstep
title = "nextTick, microtasks, timers, immediates"
teaches = "After the main script, Node drains process.nextTick, then promise microtasks, before the event loop runs timers and immediates."
backend = "epoll"
workers = "pool"
pool_size = 4

[[notes]]
at = "tick_queue"
text = "process.nextTick queues onTick. It runs as soon as the main script finishes, before any promise callback and before the loop starts."

[[notes]]
at = "microtask_queue"
text = "Promise.resolve().then queues a microtask. Microtasks run right after the nextTick queue is empty."

[[notes]]
at = "timer_fire"
text = "The loop's timers phase: the 0 ms timer is due (the main script kept the CPU busy past its due time), and timers come before the check phase's immediates."

[[notes]]
line = 44
text = "The main script keeps the CPU for 10 ms. Meanwhile the 0 ms timer (1 ms, in fact: Node makes 0 into 1) becomes due, but nothing can run it: JavaScript runs one thing at a time."
*/
// What runs when the main script ends: Node drains the process.nextTick queue first, then
// the microtask queue (resolved promises), and only then enters the loop: timers, then
// (after poll) the check phase with immediates. It prints
//   nextTick, promise, timeout, immediate
//
// What differs from ticks_and_microtasks.toml: in the main script, whether a 0 ms timeout
// or an immediate runs first is a race with the clock in real Node (the timer may not be
// due yet at the loop's first timers phase, and then the immediate wins). A lesson must
// print the same every run, so this one ends its main script by keeping the CPU busy for
// 10 ms: by then the timer is due, and the first timers phase runs it before the check
// phase runs the immediate. Take the busy loop out and run it under node a few times to
// see the race (compare immediate_vs_timeout_in_io.js, where the order is fixed).
// In Step mode loopstep's clock is virtual (the JavaScript's own time does not move it, so
// a stepped run repeats exactly): there the timer is not due yet and the immediate runs first.
setTimeout(function onTimeout() { console.log('timeout'); }, 0);
setImmediate(function onImmediate() { console.log('immediate'); });
process.nextTick(function onTick() { console.log('nextTick'); });
Promise.resolve().then(function onPromise() { console.log('promise'); });

const busyUntil = Date.now() + 10;
while (Date.now() < busyUntil) { /* busy: the timer becomes due */ }
