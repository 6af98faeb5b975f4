// allowHalfOpen on the server: after the client's end the server's socket can still write,
// several times, before it ends its own side; the client reads all of it.
const net = require('net');
const server = net.createServer({ allowHalfOpen: true }, (s) => {
  s.setEncoding('utf8');
  s.on('data', (d) => console.log('server: data', d));
  s.on('end', () => {
    console.log('server: end; writable', s.writable, 'readyState', s.readyState);
    let n = 0;
    const timer = setInterval(() => {
      n++;
      s.write(`line ${n}\n`);
      if (n === 3) { clearInterval(timer); s.end('over\n'); }
    }, 2);
  });
  s.on('finish', () => console.log('server: finish'));
  s.on('close', () => { console.log('server: close'); server.close(); });
});
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1', () => {
    console.log('client: readyState', c.readyState);
    c.end('question');
  });
  let text = '';
  c.setEncoding('utf8');
  c.on('data', (d) => { text += d; });
  c.on('finish', () => console.log('client: finish, readyState', c.readyState));
  c.on('end', () => console.log('client: end', JSON.stringify(text)));
  c.on('close', () => console.log('client: close'));
});
