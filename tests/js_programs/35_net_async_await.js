// Promise wrappers around sockets: await the listen, the connect and the reply, with
// events.once; the microtasks run between the socket callbacks.
const net = require('net');
const { once } = require('events');

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}
function request(port, text) {
  return new Promise((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1');
    let reply = '';
    c.setEncoding('utf8');
    c.on('connect', () => c.end(text));
    c.on('data', (d) => { reply += d; });
    c.on('end', () => resolve(reply));
    c.on('error', reject);
  });
}

async function main() {
  const server = net.createServer((s) => {
    s.setEncoding('utf8');
    let got = '';
    s.on('data', (d) => { got += d; });
    s.on('end', () => s.end(got.split('').reverse().join('')));
  });
  const port = await listen(server);
  console.log('listening', port > 0);
  for (const word of ['stressed', 'drawer', 'racecar']) {
    const reply = await request(port, word);
    console.log(word, '->', reply);
  }
  const both = await Promise.all([request(port, 'abc'), request(port, 'xyz')]);
  console.log('both', both);
  server.close();
  await once(server, 'close');
  console.log('server closed');
}
main().then(() => console.log('main resolved'));
console.log('main started');
