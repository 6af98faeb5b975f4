/* loopstep
title = "setInterval, stopped by clearInterval after 3 ticks"
teaches = "An interval is a timer that re-arms itself after each run and keeps the loop alive; clearInterval removes it, and with nothing else pending the loop ends."
backend = "epoll"
workers = "pool"
pool_size = 4

[[notes]]
line = 24
text = "setInterval starts a timer like setTimeout, but marks it repeating: after each run, Node starts it again, due 10 ms after that run."

[[notes]]
at = "timer_fire"
text = "The timers phase runs the interval's callback. Between ticks the loop waits in the poll phase with a timeout: the time until the timer is due."

[[notes]]
line = 28
text = "clearInterval: the timer is removed. No handle is active and no request pending, so the loop ends after this iteration."
*/
// A repeating timer. Each tick prints its number; the third tick stops the interval.
// While the interval is active the loop cannot end: the timer is an active handle.
let ticks = 0;

const interval = setInterval(function onTick() {
  ticks++;
  console.log('tick', ticks);
  if (ticks === 3) {
    clearInterval(interval);
    console.log('interval cleared; the loop has nothing left to do');
  }
}, 10);

process.on('exit', () => console.log('exit after', ticks, 'ticks'));
