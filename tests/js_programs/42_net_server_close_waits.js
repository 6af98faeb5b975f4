// server.close() while two connections are open: the server stops listening at once
// (listening false, a new connect is refused), and its 'close' waits for both sockets,
// which it ends one after the other.
const net = require('net');
const socks = [];
const server = net.createServer((s) => {
  socks.push(s);
  s.on('close', () => {
    console.log('server: a socket closed');
    if (s === socks[0]) socks[1].end('bye 1');
  });
  if (socks.length === 2) {
    server.close(() => console.log('server: close callback'));
    console.log('server: listening after close()', server.listening);
    const late = net.connect(port, '127.0.0.1');
    late.on('error', (e) => {
      console.log('late: error', e.code);
      socks[0].end('bye 0');
    });
  }
});
let port;
server.listen(0, '127.0.0.1', () => {
  port = server.address().port;
  for (const name of ['p', 'q']) {
    const c = net.connect(port, '127.0.0.1');
    c.setEncoding('utf8');
    c.on('data', (d) => console.log(name, 'got', d));
    c.on('close', () => console.log(name, 'closed'));
  }
});
