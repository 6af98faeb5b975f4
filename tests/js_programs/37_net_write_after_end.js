// Writing after the socket's own end(): node's ERR_STREAM_WRITE_AFTER_END, as the write's
// callback error and as an 'error' event; the data written before still arrives.
const net = require('net');
const server = net.createServer((s) => {
  let got = '';
  s.setEncoding('utf8');
  s.on('data', (d) => { got += d; });
  s.on('end', () => { console.log('server got', JSON.stringify(got)); server.close(); });
});
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1');
  c.on('connect', () => {
    c.end('last words');
    console.log('writableEnded', c.writableEnded, 'writable', c.writable);
    const ret = c.write('too late', (err) => console.log('write cb', err && err.code));
    console.log('write returned', ret);
  });
  c.on('error', (e) => console.log('error event', e.code, e.message));
  c.on('finish', () => console.log('finish'));
  c.on('close', (h) => console.log('close', h));
});
