/* loopstep
title = "An echo server and its client on loopback: readiness on epoll"
teaches = "Sockets do not go through the thread pool: the server's and the client's fds sit in the loop's own epoll set next to the eventfd, epoll_wait says when one is ready, and the loop thread itself calls accept4, read and write; the server and the socket are handles that keep the loop alive until their close callbacks run in the closing phase."
backend = "epoll"
workers = "pool"
*/
const net = require('net');

// The server: every byte it receives goes straight back (an echo).
const server = net.createServer(function onConnection(socket) {
  console.log('server: a client connected');
  socket.on('data', function onServerData(chunk) {
    console.log('server: received', JSON.stringify(chunk.toString()));
    socket.write(chunk);
  });
  socket.on('end', function onServerEnd() {
    console.log('server: the client ended its side');
  });
  socket.on('close', function onServerSocketClose() {
    console.log('server: the connection is closed');
    server.close(function onServerClose() {
      console.log('server: closed');
    });
  });
});

server.listen(0, '127.0.0.1', function onListening() {
  const { port } = server.address();
  console.log('server: listening on an ephemeral port:', port > 0);
  const client = net.connect(port, '127.0.0.1', function onConnect() {
    console.log('client: connected');
    client.write('hello');
  });
  client.setEncoding('utf8');
  client.on('data', function onClientData(text) {
    console.log('client: echoed back', JSON.stringify(text));
    client.end();
  });
  client.on('end', function onClientEnd() {
    console.log('client: the server ended its side');
  });
  client.on('close', function onClientClose(hadError) {
    console.log('client: closed, hadError =', hadError);
  });
});
console.log('main: the script is done; the loop takes over');
