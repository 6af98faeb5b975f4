// crypto.pbkdf2 is CPU work on the pool: a derivation of 100,000 iterations ends long after
// a 0 ms timer; one of 2 iterations, started from that timer, ends long before a 1,000 ms
// timer; keys of every digest, a Buffer and a Uint8Array as password and salt, the sync
// form, util.promisify and await.
const crypto = require('crypto');
const util = require('util');

setTimeout(function zero() {
  console.log('timer 0');
  crypto.pbkdf2('fast', 'salt', 2, 20, 'sha1', function fast(err, key) { console.log('fast', err, key.toString('hex')); });
  setTimeout(() => console.log('timer 1000'), 1000);
}, 0);

crypto.pbkdf2('slow', 'salt', 100000, 32, 'sha256', function slow(err, key) {
  console.log('slow', err, key.toString('hex'));
  util.promisify(crypto.pbkdf2)(Buffer.from([1, 2, 3]), new Uint8Array([4, 5]), 3, 40, 'sha384')
    .then(async (k) => {
      console.log('promisified', k.toString('base64'));
      const k2 = await util.promisify(crypto.pbkdf2)('await', 'salt', 5, 28, 'sha224');
      console.log('awaited', k2.toString('hex'));
    });
});

console.log('sync', crypto.pbkdf2Sync('sync', 'salt', 10, 64, 'SHA512').toString('hex'));
console.log('main done');
