/* loopstep
title = "One server, two clients: whose data comes first"
teaches = "Two connections are two handles in the same epoll set: one epoll_wait can report both ready, and the loop runs their callbacks one after the other on its one thread. Each client waits for its answer before it sends again, so the two conversations interleave: A1 B1 A2 B2 ..."
backend = "epoll"
workers = "pool"
*/
const net = require('net');

let ended = 0;
const server = net.createServer(function onConnection(socket) {
  socket.setEncoding('utf8');
  socket.on('data', function onServerData(text) {
    console.log('server got', text);
    socket.write('ok ' + text);
  });
  socket.on('end', function onServerEnd() {
    socket.end();
    if (++ended === 2) server.close(function onServerClose() { console.log('server: closed after both clients'); });
  });
});

function client(name, port, then) {
  let sent = 0;
  const socket = net.connect(port, '127.0.0.1', function onConnect() {
    if (then) then();
    socket.write(name + ++sent);
  });
  socket.setEncoding('utf8');
  socket.on('data', function onAnswer(text) {
    console.log(name, 'got', JSON.stringify(text));
    if (sent < 3) socket.write(name + ++sent);
    else socket.end();
  });
  socket.on('close', function onClose() { console.log(name, 'closed'); });
}

server.listen(0, '127.0.0.1', function onListening() {
  const { port } = server.address();
  // B connects once A is connected: A's first message goes first, then they alternate.
  client('A', port, () => client('B', port));
});
