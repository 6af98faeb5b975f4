// clearTimeout before the timer fires: it never runs, and it does not keep the loop alive.
const t1 = setTimeout(() => console.log('t1 never runs'), 10);
const t2 = setTimeout(() => console.log('t2 runs'), 100);
clearTimeout(t1);
setTimeout(() => {
  console.log('1 ms: clearing t3 from a callback');
  clearTimeout(t3);
}, 1);
const t3 = setTimeout(() => console.log('t3 never runs'), 200);
clearTimeout(undefined);  // allowed: does nothing
console.log('has t2 a ref?', t2.hasRef());
