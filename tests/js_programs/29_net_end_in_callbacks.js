// When an end() made in a callback shuts the socket down: libuv 1.46 runs the pending queue up
// to 8 times after the poll, so with nothing left to write the shutdown, its callback
// ('finish') and the close it leads to happen in the same iteration, before the check phase
// (an immediate queued by the same callback) and before the peer's next poll.
const net = require('net');

const server = net.createServer({ allowHalfOpen: true }, function onConnection(socket) {
  let got = '';
  socket.setEncoding('utf8');
  socket.on('data', (text) => { got += text; });
  socket.on('end', function onServerEnd() {
    console.log('server: the client ended, got', got.length, 'bytes');
    setImmediate(() => console.log('server: immediate queued at end'));
    socket.write('bye ' + got.length, () => console.log('server: write callback'));
    socket.end(() => console.log('server: end callback'));
  });
  socket.on('close', function onServerSocketClose() {
    console.log('server: socket closed');
    server.close(() => console.log('server: closed'));
  });
});

server.listen(0, '127.0.0.1', function onListening() {
  // Written and ended before the connection exists: node holds all of it until 'connect'.
  const client = net.createConnection({ port: server.address().port, host: '127.0.0.1' });
  client.on('connect', () => {
    console.log('client: connect');
    setImmediate(() => console.log('client: immediate queued at connect'));
  });
  client.on('ready', () => console.log('client: ready'));
  for (let i = 1; i <= 5; i++) client.write('x'.repeat(1000 * i));
  client.end('tail');
  client.on('finish', () => console.log('client: finish'));
  client.on('data', (chunk) => console.log('client: data', String(chunk)));
  client.on('end', () => console.log('client: end'));
  client.on('close', (hadError) => console.log('client: close', hadError, client.bytesWritten));
});
process.nextTick(() => console.log('main: tick'));
