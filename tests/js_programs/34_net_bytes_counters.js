// bytesWritten and bytesRead on both ends, with a Buffer of binary bytes and a UTF-8 string
// whose bytes outnumber its characters.
const net = require('net');
const server = net.createServer((socket) => {
  const chunks = [];
  socket.on('data', (d) => { chunks.push(d); });
  socket.on('end', () => {
    const all = Buffer.concat(chunks);
    console.log('server: got', all.length, 'bytes, first', all[0], 'last', all[all.length - 1]);
    console.log('server: bytesRead', socket.bytesRead);
    socket.end(Buffer.from([1, 2, 3, 255]));
  });
  socket.on('close', () => {
    console.log('server: bytesWritten', socket.bytesWritten);
    server.close();
  });
});
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1', () => {
    c.write(Buffer.from([0, 128, 255]));
    c.write('héllo wörld');
    console.log('client: bytesWritten after two writes', c.bytesWritten);
    c.end('€');
  });
  c.on('data', (d) => console.log('client: data', Array.from(d), Buffer.isBuffer(d)));
  c.on('end', () => console.log('client: end, bytesRead', c.bytesRead));
  c.on('close', () => console.log('client: close, bytesWritten', c.bytesWritten));
});
