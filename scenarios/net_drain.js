/* loopstep
title = "A write bigger than the socket buffer: the write queue and 'drain'"
teaches = "socket.write() hands the bytes to libuv, which writes what the kernel takes at once (uv_try_write) and queues the rest as a uv_write_t request: req_count counts it, the fd is watched for EPOLLOUT, and each time the peer has read enough the loop writes more. write() returned false (more than highWaterMark is pending); 'drain' comes once all of it is in the kernel."
backend = "epoll"
workers = "pool"
*/
const net = require('net');

const SIZE = 4 * 1024 * 1024;  // 4 MiB: far more than a socket buffer holds at once
let received = 0;

const server = net.createServer(function onConnection(socket) {
  socket.on('data', function onServerData(chunk) { received += chunk.length; });
  socket.on('end', function onServerEnd() {
    console.log('server: received', received, 'bytes in all:', received === SIZE);
    socket.end();
    server.close();
  });
});

server.listen(0, '127.0.0.1', function onListening() {
  const client = net.connect(server.address().port, '127.0.0.1', function onConnect() {
    const big = Buffer.alloc(SIZE, 'x');
    const ok = client.write(big, function onWritten(err) {
      console.log('client: the write callback, err =', err);
    });
    console.log('client: write returned', ok, '- bytes still pending in node:', client.writableLength);
    client.once('drain', function onDrain() {
      console.log('client: drain: everything is in the kernel, pending', client.writableLength);
      client.end();
    });
  });
  client.on('close', function onClose() { console.log('client: closed'); });
});
