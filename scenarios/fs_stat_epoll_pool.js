/* loopstep
title = "fs.stat on Linux: the thread pool and the eventfd"
teaches = "How fs.stat goes from JS through the binding and libuv's work queue to a pool worker running stat(2), and back to statCb through uv_async_send and epoll_wait."
backend = "epoll"
workers = "pool"
pool_size = 4
# Step mode: the loop runs until it blocks in epoll_wait, then the worker runs: the article's order.
policy = "lowest"

[[notes]]
line = 51
text = "fs.stat(__filename, statCb): Node's fs module checks the arguments, makes an FSReqCallback (FSReqWrap in the article's Node 7) with statCb as its oncomplete, and calls binding.stat, which sees the request and takes the asynchronous path."

[[notes]]
at = "work_submit"
text = "uv_fs_stat's POST macro calls uv__work_submit(loop, &req->work_req, UV__WORK_FAST_IO, uv__fs_work, uv__fs_done). post() takes the mutex and appends the request to the work queue."

[[notes]]
at = "work_take"
text = "One of the 4 pool workers, waiting on the queue's condition variable, wakes and takes the request off the front of the queue. Its work() is uv__fs_work."

[[notes]]
at = "syscall_begin"
text = "uv__fs_work sees the type STAT and calls uv__fs_stat, which calls the C stat(2) function. This is the real system call, on the worker thread."

[[notes]]
at = "wakeup_send"
text = "Back in worker(), the finished request goes on the loop's done-list and uv_async_send wakes the loop: it writes to the eventfd that the main thread is watching."

[[notes]]
at = "wait_end"
text = "epoll_wait returns: the eventfd is readable. uv__io_poll calls uv__async_io, which calls the async handle's callback."

[[notes]]
at = "completion_take"
text = "uv__work_done takes the done-list and calls each request's done(): here uv__fs_done, which unregisters the request and calls its callback, After."

[[notes]]
at = "after"
text = "After() builds the JavaScript stats object (BuildStatsObject) and calls MakeCallback: statCb finally runs on the main thread."

[[notes]]
line = 57
text = "statCb runs inside the poll phase, with the Stats object After() built."
*/
// Article 002 ("Developer Initiates I/O Operation. You Won't Believe What Happens Next."):
// the program stats itself (__filename is this lesson, which sits in its own folder).
'use strict';
const fs = require('fs');

fs.stat(__filename, function statCb(err, stats) {
  if (err) {
    return console.error(err);
  }
  // The article prints the whole Stats object; its times and inode number change from run
  // to run, so this lesson prints the one field that does not: the size of this file.
  console.log('size:', stats.size);
});
