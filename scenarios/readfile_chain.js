/* loopstep
title = "fs.readFile is four requests: open, fstat, read, close"
teaches = "fs.readFile is not one request: Node opens the file, fstats it for its size, reads it, and closes it, each a request of its own through the pool, with the loop going around between them; your callback runs only after the close."
backend = "epoll"
workers = "pool"
pool_size = 4

[files]
"poem.txt" = "The loop goes round and round,\nand every request comes back around.\n"

[[notes]]
line = 37
text = "One call in JS; Node's readFile (lib/internal/fs/read/context.js) starts with an open request. Count the requests in the requests panel as it goes."

[[notes]]
at = "req_count_inc"
text = "The first of the readFile's requests: open. Each of the next ones (fstat, read, close) is submitted from inside Node's own callback for the previous one, so req_count goes 1 -> 0 -> 1 each time."

[[notes]]
at = "callback_end"
text = "That was one of Node's internal callbacks, not yours: readFile's context chains the next request (fstat after open, read after fstat, close after the last read)."

[[notes]]
line = 38
text = "Your callback runs only now, after the close request has come back: four trips through the pool for one readFile."
*/
// fs.readFile('poem.txt', 'utf8', cb) looks like one operation. Node does it as a chain of
// requests, each going through libuv's pool and coming back through the poll phase:
//   open(2)  -> the fd
//   fstat(2) -> the size, so Node knows how big a buffer to allocate
//   read(2)  -> the bytes (a file bigger than 512 KiB takes several reads)
//   close(2) -> and only then your callback, with the whole text
// (Node 20's readFile; the promise form, fs.promises.readFile, does the same in an async
// function.) Compare open_read_close_chain.js, which makes the same chain by hand.
const fs = require('fs');

fs.readFile('poem.txt', 'utf8', function onReadFile(err, text) {
  console.log(text.trimEnd());
  console.log('that was', text.length, 'characters, from four requests');
});
