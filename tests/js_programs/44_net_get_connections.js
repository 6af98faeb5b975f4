// Three clients, one at a time: server.getConnections counts what is open, the socket's
// ports agree on both ends, and server.close waits for the last connection. In Step mode on
// epoll the wait reports ready fds in the order epoll's ready list has them (the previous
// client's EOF before the listener's next connection), not in handle order.
const net = require('net');
const server = net.createServer();
const ports = {};
server.on('connection', (socket) => {
  server.getConnections((err, n) => console.log('connections now', err, n));
  socket.on('data', (d) => {
    const name = d.toString();
    console.log('server: hello from', name, 'remotePort matches', socket.remotePort === ports[name]);
    console.log('server: localPort is the listener', socket.localPort === server.address().port);
    socket.end('bye ' + name);
  });
});
server.on('close', () => console.log('server: close event'));
server.listen(0, '127.0.0.1', () => {
  console.log('listening?', server.listening, typeof server.address().port, server.address().family);
  let left = ['a', 'b', 'c'];
  function next() {
    const name = left.shift();
    if (!name) {
      server.getConnections((err, n) => {
        console.log('all done, open', n);
        server.close(() => console.log('close callback; listening?', server.listening, server.address()));
      });
      return;
    }
    const c = net.createConnection({ port: server.address().port, host: '127.0.0.1' }, () => {
      ports[name] = c.localPort;
      console.log(name, 'connected; remotePort is the server', c.remotePort === server.address().port);
      c.write(name);
    });
    c.on('data', (d) => console.log(name, 'got', d.toString()));
    c.on('close', () => { console.log(name, 'closed'); next(); });
  }
  next();
});
