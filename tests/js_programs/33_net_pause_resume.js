// A server that pauses its socket: what the client sends meanwhile waits in the stream's
// buffer (readableLength), and 'data' and 'end' come only after resume(); once() listeners
// fire a single time.
const net = require('net');
const server = net.createServer((socket) => {
  socket.setEncoding('utf8');
  socket.once('data', (text) => {
    console.log('server: first data', JSON.stringify(text), '-> pause');
    socket.pause();
    console.log('server: isPaused', socket.isPaused());
    socket.write('ack');
    const poll = setInterval(() => {
      if (socket.readableLength < 3) return;
      clearInterval(poll);
      console.log('server: buffered', socket.readableLength, '-> resume');
      socket.resume();
    }, 2);
    socket.on('data', (more) => console.log('server: more', JSON.stringify(more)));
  });
  socket.on('end', () => { console.log('server: end'); socket.end('done'); });
});
server.listen(0, '127.0.0.1', () => {
  const client = net.connect(server.address().port, '127.0.0.1');
  client.setEncoding('utf8');
  client.write('one');
  client.on('data', (t) => {
    console.log('client: data', t);
    if (t === 'ack') { client.write('two'); client.end(); }
  });
  client.on('end', () => console.log('client: end'));
  client.on('close', (h) => {
    console.log('client: close', h);
    server.close(() => console.log('server closed'));
  });
});
