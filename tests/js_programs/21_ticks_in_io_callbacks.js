/* loopstep
[files]
"x.txt" = "x"
*/
// After each I/O callback, Node drains nextTicks and microtasks before the loop goes on;
// an immediate queued there runs in the check phase of the same iteration.
const fs = require('fs');
fs.stat('x.txt', function first() {
  console.log('stat callback');
  setImmediate(() => {
    console.log('immediate');
    fs.open('x.txt', 'r', function second(err, fd) {
      console.log('open callback');
      Promise.resolve().then(() => console.log('  promise after open'));
      process.nextTick(() => console.log('  tick after open'));
      fs.close(fd, () => console.log('close callback'));
    });
  });
  Promise.resolve().then(() => console.log('  promise after stat'));
  process.nextTick(() => console.log('  tick after stat'));
});
