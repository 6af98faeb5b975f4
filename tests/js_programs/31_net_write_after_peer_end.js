// A write in the 'end' listener is still an ordinary write (node's writeAfterFIN: the socket's
// own end() comes a tick later); a write after that end is EPIPE, the socket destroyed.
const net = require('net');
const server = net.createServer((s) => { s.end(); });
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1', () => console.log('connected'));
  c.on('end', () => {
    console.log('end; writable?', c.writable);
    c.write('late', (err) => console.log('late write cb', err && err.code));
  });
  c.on('error', (e) => console.log('error', e.code, e.message));
  c.on('close', (h) => { console.log('close', h); server.close(); });
});
const second = net.createServer((s) => { s.end(); });
second.listen(0, '127.0.0.1', () => {
  const c = net.connect(second.address().port, '127.0.0.1');
  c.on('end', () => {
    setImmediate(() => {
      console.log('second: writableEnded', c.writableEnded);
      console.log('second: write returns', c.write('late', (err) => console.log('second: late write cb', err && err.code)));
    });
  });
  c.on('close', (h) => { console.log('second: close', h); second.close(); });
});
