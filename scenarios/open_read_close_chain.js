/* loopstep
title = "open -> read -> close: callbacks that start new requests"
teaches = "req_count goes back to 0 before each callback and rises again inside it when the callback starts the next request; the loop lives as long as the chain goes on."
backend = "epoll"
workers = "pool"
pool_size = 4

[files]
"greeting.txt" = "hello, loop\n"

[[notes]]
at = "req_count_dec"
text = "uv__fs_done unregisters the request before it calls back: inside the callback, req_count no longer counts it."

[[notes]]
at = "req_count_inc"
text = "A callback started the next request: req_count rises again, and the loop has a reason to keep going."

[[notes]]
line = 44
text = "onOpen starts the next request, fs.read: req_count goes from 0 back to 1 before onOpen returns, so the loop does not end."

[[notes]]
line = 49
text = "onRead does the same with fs.close: the chain goes on one request at a time."

[[notes]]
at = "loop_exit"
text = "onClose started nothing new: req_count is 0, no handles are active, and uv_run returns."
*/
// A chain of callbacks, each starting the next request: fs.open -> onOpen calls fs.read
// -> onRead calls fs.close -> onClose. Watch req_count drop to 0 just before each
// callback runs and rise to 1 again inside it.
const fs = require('fs');

let fd;

fs.open('greeting.txt', 'r', onOpen);

function onOpen(err, result) {
  fd = result;
  console.log('opened', result);
  // Read 5 bytes into a fresh buffer, from the current position (null): "hello".
  fs.read(fd, Buffer.alloc(5), 0, 5, null, onRead);
}

function onRead(err, bytesRead, buffer) {
  console.log('read', bytesRead, buffer.toString());
  fs.close(fd, onClose);
}

function onClose(err) {
  console.log('closed');
}
