/* loopstep
title = "fs.open through the layers: JS, binding, libuv"
teaches = "Which layer does what in fs.open: FSReqCallback in JS, binding.open -> AsyncCall -> Dispatch in C++, uv_fs_open's INIT/PATH/POST in libuv, and AfterInteger -> Resolve on the way back."
backend = "epoll"
workers = "pool"
pool_size = 4

[files]
"config.json" = '{ "port": 8080 }'

[[notes]]
at = "js_call"
text = "JS land: fs.open(path, flags, callback). Node checks the arguments and then sets up a request for the binding."

[[notes]]
at = "req_init"
text = "A request is created: FSReqCallback, whose oncomplete will call your callback. In C++ it is wrapped as FSReqBase (BaseObject -> ReqWrap -> FSReqBase) so it stays alive while the work is in flight."

[[notes]]
at = "binding_call"
text = "Node's C++ binding: binding.open(path, flags, mode, req) sees a req, so it opens asynchronously: AsyncCall -> AsyncDestCall -> req_wrap->Dispatch(uv_fs_open, ..., AfterInteger)."

[[notes]]
at = "uv_call"
text = "libuv: uv_fs_open is three macros. INIT fills the uv_fs_t (type OPEN, cb), PATH copies the path, and POST submits the work because a callback was given."

[[notes]]
at = "req_count_inc"
text = "Inside POST, uv__req_register counts the request (loop->active_reqs.count + 1) just before uv__work_submit(..., UV__WORK_FAST_IO, uv__fs_work, uv__fs_done)."

[[notes]]
at = "after"
text = "The open is done. AfterInteger recovers the FSReqCallback from the uv_fs_t (container_of) and calls Resolve, which calls oncomplete: your callback runs with the fd."

[[notes]]
line = 45
text = "Back in JS, four layers up from open(2): onOpen gets (err, fd), the integer AfterInteger passed to Resolve."
*/
// Article 003 ("Node JS internals - How async file system calls work"): one fs.open and
// the layers it passes through, down (JS -> binding -> libuv -> a pool worker) and back
// up (uv__fs_done -> AfterInteger -> Resolve -> MakeCallback -> onOpen).
const fs = require('fs');

fs.open('config.json', 'r', function onOpen(err, fd) {
  console.log('fd:', fd);
});
