// Connecting to a port that was listened on and closed: ECONNREFUSED, as an 'error' and as a
// rejected promise; the socket closes with hadError true; timers keep running around it.
const net = require('net');
const server = net.createServer();
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  server.close(() => {
    console.log('server closed');
    const c = net.connect(port, '127.0.0.1', () => console.log('unexpected connect'));
    console.log('connecting', c.connecting, c.readyState);
    c.on('error', (e) => console.log('error', e.code, e.syscall, e.address, e.port === port, e.message === `connect ECONNREFUSED 127.0.0.1:${port}`));
    c.on('close', (h) => {
      console.log('close hadError', h, 'destroyed', c.destroyed);
      connectAsync(port).then(
        () => console.log('resolved?'),
        (e) => console.log('rejected', e.code, e.errno === -111 || e.errno < 0));
    });
    setImmediate(() => console.log('immediate after connect call'));
    process.nextTick(() => console.log('tick after connect call'));
  });
});
function connectAsync(port) {
  return new Promise((resolve, reject) => {
    const s = net.createConnection({ port, host: '127.0.0.1' });
    s.once('connect', resolve);
    s.once('error', reject);
  });
}
