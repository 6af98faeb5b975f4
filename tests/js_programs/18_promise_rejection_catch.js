// A rejected promise handled with catch, with try/catch around await, and with
// .then(onFulfilled, onRejected); finally runs either way.
const fsp = require('fs').promises;
fsp.readFile('missing.txt')
  .then(() => console.log('never'))
  .catch((err) => console.log('catch:', err.code, err.syscall))
  .finally(() => console.log('finally after catch'));
(async () => {
  try {
    await fsp.open('nope/nope.txt', 'r');
  } catch (err) {
    console.log('try/catch around await:', err.code);
  }
  const r = await fsp.stat('missing.txt').then(() => 'ok', (err) => 'rejected with ' + err.code);
  console.log(r);
  await Promise.reject(new Error('plain error')).catch((e) => console.log('message:', e.message));
  try {
    await Promise.any([Promise.reject(1), Promise.reject(2)]);
  } catch (e) {
    console.log(e.constructor.name, e.errors);
  }
})();
