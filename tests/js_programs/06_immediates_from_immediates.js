// An immediate queued by an immediate runs in the next loop iteration, after the others
// queued before it; ticks and microtasks run between two immediates.
setImmediate(function A() {
  console.log('A');
  setImmediate(() => console.log('A2, queued by A: next iteration'));
  process.nextTick(() => console.log('tick from A, before B'));
  Promise.resolve().then(() => console.log('promise from A, before B'));
});
setImmediate(function B() {
  console.log('B');
  setImmediate(function B2() {
    console.log('B2, queued by B');
    setImmediate(() => console.log('B3, queued by B2'));
  });
});
const c = setImmediate(() => console.log('C never runs'));
clearImmediate(c);
