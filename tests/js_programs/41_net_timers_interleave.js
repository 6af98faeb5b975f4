// Inside a 'data' callback (the poll phase) the tick and the microtask run before the callback
// returns to the loop, the immediate in the check phase of the same iteration; the client
// answers each reply from a timer, and the pattern repeats for each message of a ping-pong.
const net = require('net');
const server = net.createServer((s) => {
  s.setEncoding('utf8');
  s.on('data', (d) => {
    console.log('server: data', d);
    setImmediate(() => { console.log('server: immediate after', d); s.write('pong' + d.slice(4)); });
    process.nextTick(() => console.log('server: tick after', d));
    Promise.resolve().then(() => console.log('server: microtask after', d));
  });
  s.on('end', () => s.end());
  s.on('close', () => server.close(() => console.log('server: closed')));
});
server.listen(0, '127.0.0.1', () => {
  let n = 0;
  const c = net.connect(server.address().port, '127.0.0.1', () => c.write('ping' + (++n)));
  c.setEncoding('utf8');
  c.on('data', (d) => {
    console.log('client: data', d);
    setTimeout(() => {
      console.log('client: timeout', n);
      if (n < 3) c.write('ping' + (++n)); else c.end();
    }, 1);
  });
  c.on('close', () => console.log('client: close'));
});
