// Three clients connect at once. libuv 1.46's uv__server_io accepts one connection per
// readiness of the listening fd, so the third 'connection' comes after the server has read
// the first client's message: epoll reports the listener again only at its next wait.
// (On Windows each AcceptEx completes on its own; the oracle checks this file on epoll.)
const net = require('net');
const names = ['a', 'b', 'c'];
let closed = 0;
const server = net.createServer((socket) => {
  socket.setEncoding('utf8');
  socket.on('data', (text) => {
    console.log('server got', text);
    socket.end(text.toUpperCase());
  });
});
server.on('connection', () => console.log('connection event'));
server.listen(0, '127.0.0.1', () => {
  for (const name of names) {
    const client = net.connect({ port: server.address().port, host: '127.0.0.1' }, () => client.write(name));
    client.setEncoding('utf8');
    client.on('data', (text) => console.log(name, 'got', text));
    client.on('close', () => { if (++closed === 3) server.close(() => console.log('all closed')); });
  }
});
