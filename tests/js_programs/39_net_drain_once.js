// Writes until write() returns false (the queue passed highWaterMark): 'drain' comes once the
// queue is empty, the write callbacks all came before it, and the reader counts every byte.
const net = require('net');
const CHUNK = 1024 * 1024;
const server = net.createServer((s) => {
  let total = 0;
  s.on('data', (d) => { total += d.length; });
  s.on('end', () => { console.log('server: received all', total === sent); s.end(); });
  s.on('close', () => server.close(() => console.log('server closed')));
});
let sent = 0;
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1', () => {
    let callbacks = 0, writes = 0;
    while (writes < 64) {
      writes++;
      sent += CHUNK;
      if (!c.write(Buffer.alloc(CHUNK, writes), () => callbacks++)) break;
    }
    console.log('client: a write returned false', writes < 64, 'waiting', c.writableLength > 0, 'needDrain', c.writableNeedDrain);
    c.once('drain', () => {
      console.log('client: drain, callbacks == writes', callbacks === writes, 'waiting', c.writableLength);
      console.log('client: small write returned', c.write('tail'));
      sent += 4;
      c.end();
    });
  });
  c.on('finish', () => console.log('client: finish, bytesWritten', c.bytesWritten === sent));
  c.on('close', () => console.log('client: close'));
});
