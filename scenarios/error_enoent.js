/* loopstep
title = "When fs.open fails: ENOENT"
teaches = "A failed open takes the same path as a successful one; the error travels back as the request's result and reaches the callback as err."
backend = "iocp"
workers = "per-request"
port_batch = 1  # the articles' GetQueuedCompletionStatus (node's libuv takes up to 128: iocp_batch.js)

[[notes]]
at = "syscall_end"
text = "open fails: the result is -ENOENT (no such file). The request still completes normally; the error is just its result."

[[notes]]
at = "callback_begin"
text = "onOpen runs with err set (err.code is 'ENOENT') and no file descriptor."

[[notes]]
line = 29
text = "Node made an Error out of -ENOENT: err.code is 'ENOENT', err.syscall 'open', err.path 'missing.txt'."
*/
// The error path: fs.open on a file that does not exist travels the same way as a
// successful open (the request is counted, the thread calls open, the packet is posted
// and taken, req_count goes back to 0). Only the result differs: -ENOENT.
//
// The TOML twin declares expect_error = "ENOENT"; a real program needs no such thing:
// the sandbox (this lesson's folder) simply has no missing.txt.
const fs = require('fs');

fs.open('missing.txt', 'r', function onOpen(err) {
  console.log('err:', err.code);
});
