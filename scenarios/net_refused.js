/* loopstep
title = "ECONNREFUSED: connecting to a port nobody listens on"
teaches = "A connect is a request (uv_connect_t) on a socket handle: the loop watches the socket for EPOLLOUT, and when the kernel answers the SYN with a reset, getsockopt(SO_ERROR) gives ECONNREFUSED, node destroys the socket ('error', then 'close' from the closing phase)."
backend = "epoll"
workers = "pool"
*/
const net = require('net');

// Listen on an ephemeral port, note it, and close the server: that port is now surely closed.
const server = net.createServer();
server.listen(0, '127.0.0.1', function onListening() {
  const { port } = server.address();
  server.close(function onServerClose() {
    console.log('server: closed; its port is free again');
    const client = net.connect(port, '127.0.0.1', function onConnect() {
      console.log('client: connected (not expected)');
    });
    client.on('error', function onError(err) {
      console.log('client: error', err.code, err.syscall, err.errno);
      console.log('client: message names the address:', err.message === `connect ECONNREFUSED 127.0.0.1:${port}`);
    });
    client.on('close', function onClose(hadError) {
      console.log('client: closed, hadError =', hadError);
    });
  });
});
