// Ticks and promises nested in each other: the nextTick queue is drained completely
// (including ticks queued by ticks) before the microtask queue, and a tick queued from a
// microtask runs after the microtask queue is empty.
process.nextTick(() => {
  console.log('tick 1');
  process.nextTick(() => console.log('tick 1.1 (queued by tick 1)'));
  Promise.resolve().then(() => {
    console.log('promise 1.1 (queued by tick 1)');
    process.nextTick(() => console.log('tick 1.1.1 (queued by promise 1.1)'));
  });
});
Promise.resolve().then(() => {
  console.log('promise 1');
  Promise.resolve().then(() => console.log('promise 1.2 (queued by promise 1)'));
});
process.nextTick(() => console.log('tick 2'));
console.log('main');
