// Three ways a connection ends early: the server destroys its socket (the client sees 'end'),
// the client destroys with an error of its own ('error' then 'close' true), and destroy() on a
// socket still connecting ('close' false, no 'connect').
const net = require('net');
let step = 0;
const server = net.createServer((s) => {
  step++;
  if (step === 1) { s.destroy(); console.log('server: destroyed #1, destroyed?', s.destroyed); }
  s.on('close', (h) => console.log('server: socket close', h));
  s.on('error', (e) => console.log('server: socket error', e.code));
});
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  const a = net.connect(port, '127.0.0.1');
  a.on('end', () => console.log('a: end'));
  a.on('close', (h) => {
    console.log('a: close', h);
    const b = net.connect(port, '127.0.0.1', () => {
      console.log('b: connect');
      b.destroy(new Error('enough'));
    });
    b.on('error', (e) => console.log('b: error', e.message));
    b.on('close', (h2) => {
      console.log('b: close', h2);
      const c = net.connect(port, '127.0.0.1', () => console.log('c: connect?'));
      c.on('close', (h3) => {
        console.log('c: close', h3, c.destroyed);
        setTimeout(() => server.close(() => console.log('server closed')), 10);
      });
      c.destroy();
      console.log('c: destroyed while connecting', c.connecting);
    });
  });
});
