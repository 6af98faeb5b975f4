// Timers with the same delay fire in the order they were started: they share one list,
// and a later one can never be due earlier. setTimeout(fn, 0) is setTimeout(fn, 1) in
// Node, so "zero" comes after "one", which was started before it.
setTimeout(() => console.log('one, 1 ms'), 1);
setTimeout(() => console.log('zero, 0 ms (= 1 ms)'), 0);
setTimeout(() => console.log('again 1 ms'), 1);
for (let i = 0; i < 3; i++) setTimeout(() => console.log('loop timer', i), 100);
setTimeout(() => {
  console.log('the fourth 100 ms timer');
  Promise.resolve().then(() => console.log('  its promise runs before the next timer'));
  process.nextTick(() => console.log('  its tick runs before its promise'));
}, 100);
setTimeout(() => console.log('the last 100 ms timer'), 100);
