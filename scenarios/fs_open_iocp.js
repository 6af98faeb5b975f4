/* loopstep
title = "fs.open on Windows: the completion port"
teaches = "How fs.open reaches onOpen on Windows: the IOCP port, req_count, a thread per request, PostQueuedCompletionStatus and GetQueuedCompletionStatus."
backend = "iocp"
workers = "per-request"
port_batch = 1  # the articles' GetQueuedCompletionStatus (node's libuv takes up to 128: iocp_batch.js)
# Step mode: the loop thread goes first whenever it can, so it reaches GetQueuedCompletionStatus
# and blocks before the spawned thread opens the file, in the order the article tells it.
policy = "lowest"

[files]
"1.txt" = "hello\n"

[[notes]]
at = "port_create"
text = "When the loop initializes, the IOCP port is created: CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1). The port holds a queue of events inside the operating system."

[[notes]]
line = 62
text = "This one line is the whole program. fs.open returns at once; onOpen, on the same line, runs much later, when the loop takes the open's completion off the port."

[[notes]]
at = "req_count_inc"
text = "fs.open created the request (fs_open_req: onOpen, the path, the flags) and increased the counter of asynchronous requests. In real libuv this counter is loop->active_reqs.count."

[[notes]]
at = "thread_spawn"
text = "A separate thread is created to open the file. The main thread returns from fs.open and goes on to the event loop. (The article's simplification: real libuv on Windows hands fs work to its thread pool; set workers = \"pool\" to see it.)"

[[notes]]
at = "syscall_begin"
text = "The spawned thread asks the operating system to open 1.txt. Its descriptor will be written into fs_open_req."

[[notes]]
at = "completion_post"
text = "The file is open: the thread calls PostQueuedCompletionStatus, putting the open event into the IOCP queue with a link to fs_open_req attached."

[[notes]]
at = "wait_begin"
text = "The loop checked the counter: a request is registered, so it calls GetQueuedCompletionStatus. With the queue empty, the main thread is suspended until an event arrives."

[[notes]]
at = "completion_take"
text = "GetQueuedCompletionStatus returns the open event and, with it, the link to fs_open_req."

[[notes]]
at = "req_count_dec"
text = "Node decreases the counter of asynchronous requests: this request is finished."

[[notes]]
at = "callback_begin"
text = "onOpen runs on the main thread with the result of opening the file: the file descriptor."

[[notes]]
at = "loop_exit"
text = "At the entrance to the next iteration the counter is 0: no registered requests, so the program ends."
*/
// Article 000 ("NODE.JS + Windows: take a look inside"), whose program opens "c:\\1.txt";
// here 1.txt sits in the lesson's folder. It prints "Result: " and the file descriptor
// (onOpen's `result`). Two things the article simplifies: real libuv on Windows runs fs
// work on its thread pool (workers = "pool"), and req_count is loop->active_reqs.count.
require('fs').open("1.txt", 'r', function onOpen(err, result) { console.log("Result: ", result); });
