// nextTick vs queueMicrotask vs Promise.then: ticks first, then the microtasks in the
// order they were queued, whichever API queued them.
queueMicrotask(() => console.log('queueMicrotask A'));
Promise.resolve().then(() => console.log('then B'));
process.nextTick(() => console.log('nextTick C'));
queueMicrotask(() => console.log('queueMicrotask D'));
Promise.resolve('value').then((v) => console.log('then E got', v));
process.nextTick((a, b) => console.log('nextTick F with args', a, b), 1, 2);
(async () => {
  console.log('async fn body runs at once');
  await null;
  console.log('after await: a microtask');
})();
console.log('main ends');
