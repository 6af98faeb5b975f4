// The reader destroys its socket with bytes unread: the kernel resets the connection, and the
// writer's next operation fails with ECONNRESET (on iocp the zero-byte read's packet says so).
const net = require('net');
const server = net.createServer((s) => {
  s.on('error', (e) => console.log('server sock error', e.code));
  s.on('close', (h) => { console.log('server sock close', h); server.close(); });
  const big = Buffer.alloc(1 << 20, 1);
  let n = 0;
  function pump() { while (n < 8) { n++; if (!s.write(big)) { s.once('drain', pump); return; } } }
  pump();
});
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1');
  let got = 0;
  c.on('data', (d) => { got += d.length; if (got > 100000) { console.log('client destroys'); c.destroy(); } });
  c.on('close', (h) => console.log('client close', h));
});
