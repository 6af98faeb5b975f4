// The work a request carries: on a worker, the real syscall inside the sandbox (or the
// CPU-bound work) and the post; on the loop, uv__fs_done -> After -> MakeCallback.
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

#include "core/engine/engine.h"
#include "core/record/errno_names.h"
#include "core/engine/fs_op_names.h"

namespace loopstep {

void Engine::run_work(ThreadCtx& t, Req& r) {
  const Step& s = *r.step;
  if (r.op == Op::pool_work) {
    hooks_.emit(t, Kind::uv_call, Layer::libuv, names_.uv_queue_work, r.id);
    hooks_.emit(t, Kind::work_begin, Layer::libuv, names_.work_cb, r.id, s.work_ms);
    gate_.sleep(t.id, s.work_ms * 1'000'000, /*busy=*/true);
    hooks_.emit(t, Kind::work_end, Layer::libuv, names_.work_cb, r.id, s.work_ms);
  } else {
    // An injected error replaces the syscall; the function's name says so wherever it is shown.
    const bool injected = !s.inject_error.empty();
    uint32_t fn = injected ? names_.op(r.op).syscall_injected : names_.op(r.op).syscall;
    hooks_.emit(t, Kind::uv_call, Layer::libuv, names_.uv_fs_work, r.id);
    int64_t latency_ns = s.latency_ms * 1'000'000;
    hooks_.emit(t, Kind::syscall_begin, Layer::kernel, fn, r.id, latency_ns);
    gate_.sleep(t.id, latency_ns, /*busy=*/false);  // injected, shown as such
    struct stat st{};
    if (injected) r.result = -errno_from_name(s.inject_error);
    else switch (r.op) {
      case Op::fs_open: r.result = sandbox_->open(s.path, Sandbox::open_flags(s.flags), s.mode); break;
      case Op::fs_stat: r.result = sandbox_->stat(s.path, &st); break;
      case Op::fs_fstat: r.result = sandbox_->fstat(r.fd, &st); break;
      case Op::fs_read:
        r.result = sandbox_->read(r.fd, &r.data, s.length, s.position);
        data_bytes_.fetch_add(static_cast<int64_t>(r.data.size()), std::memory_order_relaxed);
        break;
      case Op::fs_write: r.result = sandbox_->write(r.fd, s.data, s.position); break;
      case Op::fs_close: r.result = sandbox_->close(r.fd); break;
      default: r.result = sandbox_->unlink(s.path); break;
    }
    if ((r.op == Op::fs_stat || r.op == Op::fs_fstat) && r.result == 0) r.result = st.st_size;  // the JS side shows stats.size
    // EFBIG from fs.write is loopstep's limit, never the disk's: the function's name says so.
    if (r.op == Op::fs_write && r.result == -EFBIG && !injected) fn = names_.write_over_limit;
    hooks_.emit(t, Kind::syscall_end, Layer::kernel, fn, r.id, r.result);
  }
  backend_->post_completion(t, r);
}

void Engine::complete(ThreadCtx& t, Req& r) {
  const bool work = r.op == Op::pool_work;
  hooks_.emit(t, Kind::uv_call, Layer::libuv, (work ? names_.uv_queue_done : names_.uv_fs_done), r.id);
  // uv__fs_done unregisters before the callback: inside it req_count already excludes this request.
  hooks_.emit(t, Kind::req_count_dec, Layer::libuv, names_.uv_req_unregister, r.id, --req_count_);
  hooks_.emit(t, Kind::after, Layer::binding, names_.op(r.op).after, r.id, r.result);
  hooks_.emit(t, Kind::binding_call, Layer::binding, names_.MakeCallback, r.id);
  // Node's callback arguments: fs.read and fs.write always pass (err, bytes || 0, buffer),
  // the buffer being the one read into (its text: none on an error) or the string written;
  // the others pass (err) on an error, else (null, value) or (null).
  CallbackArgs args;
  args.err_passed = true;
  args.has_err = r.result < 0;
  args.err = args.has_err ? r.result : 0;
  if (r.op == Op::fs_read || r.op == Op::fs_write) {
    args.has_result = true;
    args.result = std::max<int64_t>(0, r.result);
    args.data = r.op == Op::fs_read ? &r.data : &r.step->data;
  } else if (!args.has_err && !work && r.op != Op::fs_close && r.op != Op::fs_unlink) {
    args.has_result = true;
    args.result = r.result;
  }
  run_callback(t, r, args);
  drain_ticks_and_microtasks(t);  // InternalCallbackScope::Close
}

}  // namespace loopstep
