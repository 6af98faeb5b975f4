// Node >= 11 drains ticks and microtasks after each timer callback, not after the whole
// timers phase: a promise from the first timer runs before the second timer.
setTimeout(() => {
  console.log('timer 1');
  Promise.resolve().then(() => console.log('promise from timer 1'));
  process.nextTick(() => console.log('tick from timer 1'));
}, 2);
setTimeout(() => {
  console.log('timer 2');
  setTimeout(() => console.log('timer 3, set by timer 2'), 0);
  setImmediate(() => console.log('immediate from timer 2: before timer 3'));
}, 2);
