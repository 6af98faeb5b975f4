// A rejected promise handled with catch, with try/catch around await, and with
// .then(onFulfilled, onRejected); finally runs either way. One request at a time: two
// failing requests in flight together could come back in either order.
const fsp = require('fs').promises;
(async () => {
  await fsp.readFile('missing.txt')
    .then(() => console.log('never'))
    .catch((err) => console.log('catch:', err.code, err.syscall))
    .finally(() => console.log('finally after catch'));
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
  process.nextTick(() => console.log('a tick after the async function'));
  await fsp.unlink('missing.txt').catch((e) => console.log('unlink:', e.code));
})();
