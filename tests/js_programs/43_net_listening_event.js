// The 'listening' event and the listen callback, address() before and after, errors thrown
// by a server emitted as 'error', and the order of a server's events in a nextTick.
const net = require('net');
const server = net.createServer();
console.log('address before listen', server.address());
server.on('listening', () => console.log('listening event', server.listening));
const ret = server.listen(0, '127.0.0.1', () => console.log('listen callback'));
console.log('listen returns the server', ret === server, 'listening now', server.listening);
process.nextTick(() => console.log('tick queued after listen'));
setImmediate(() => {
  console.log('immediate');
  server.close();
  console.log('after close: listening', server.listening, 'address', server.address());
  server.close((err) => console.log('second close', err && err.code));
});
server.on('close', () => console.log('close event'));
