// The work a request carries: on a worker, the real syscall inside the sandbox (or the
// CPU-bound work) and the post; on the loop, uv__fs_done -> After -> MakeCallback.
#include <sys/stat.h>

#include <algorithm>
#include <iterator>
#include <cerrno>

#include "core/engine/engine.h"
#include "core/record/errno_names.h"
#include "core/engine/fs_op_names.h"
#include "core/engine/pbkdf2.h"

namespace loopstep {

namespace {
FileStat file_stat(const struct stat& st) {
  FileStat f;
  f.dev = static_cast<int64_t>(st.st_dev);
  f.ino = static_cast<int64_t>(st.st_ino);
  f.mode = st.st_mode;
  f.nlink = static_cast<int64_t>(st.st_nlink);
  f.uid = st.st_uid;
  f.gid = st.st_gid;
  f.rdev = static_cast<int64_t>(st.st_rdev);
  f.size = st.st_size;
#ifndef _WIN32
  f.blksize = st.st_blksize;
  f.blocks = st.st_blocks;
  auto ns = [](const struct timespec& ts) { return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec; };
  f.atime_ns = ns(st.st_atim);
  f.mtime_ns = ns(st.st_mtim);
  f.ctime_ns = ns(st.st_ctim);
  f.birthtime_ns = f.ctime_ns;  // stat(2) has no birth time; libuv falls back to ctime
#else
  f.atime_ns = int64_t{st.st_atime} * 1'000'000'000;
  f.mtime_ns = int64_t{st.st_mtime} * 1'000'000'000;
  f.ctime_ns = f.birthtime_ns = int64_t{st.st_ctime} * 1'000'000'000;
#endif
  return f;
}
}  // namespace

uint32_t Engine::fs_syscall(Req& r) {
  const Step& s = *r.step;
  // An injected error replaces the syscall; the function's name says so wherever it is shown.
  const bool injected = !s.inject_error.empty();
  uint32_t fn = injected ? names_.op(r.op).syscall_injected : names_.op(r.op).syscall;
  struct stat st{};
  if (injected) r.result = -errno_from_name(s.inject_error);
  else switch (r.op) {
    case Op::fs_open: r.result = sandbox_->open(s.path, Sandbox::open_flags(s.flags), s.mode); break;
    case Op::fs_stat: r.result = sandbox_->stat(s.path, &st); break;
    case Op::fs_lstat: r.result = sandbox_->lstat(s.path, &st); break;
    case Op::fs_fstat: r.result = sandbox_->fstat(r.fd, &st); break;
    case Op::fs_read:
      r.result = sandbox_->read(r.fd, &r.data, s.length, s.position);
      data_bytes_.fetch_add(static_cast<int64_t>(r.data.size()), std::memory_order_relaxed);
      break;
    case Op::fs_write: r.result = sandbox_->write(r.fd, s.data, s.position); break;
    case Op::fs_close: r.result = sandbox_->close(r.fd); break;
    case Op::fs_mkdir: r.result = sandbox_->mkdir(s.path, s.mode); break;
    case Op::fs_readdir: r.result = sandbox_->readdir(s.path, &r.names); break;
    case Op::fs_rename: r.result = sandbox_->rename(s.path, s.path2); break;
    case Op::fs_rmdir: r.result = sandbox_->rmdir(s.path); break;
    default: r.result = sandbox_->unlink(s.path); break;
  }
  const bool stats = r.op == Op::fs_stat || r.op == Op::fs_lstat || r.op == Op::fs_fstat;
  if (stats && r.result == 0) {
    r.stat = file_stat(st);
    r.result = st.st_size;  // the JS side shows stats.size
  }
  // EFBIG from fs.write is loopstep's limit, never the disk's: the function's name says so.
  if (r.op == Op::fs_write && r.result == -EFBIG && !injected) fn = names_.write_over_limit;
  return fn;
}

void Engine::derive_key(ThreadCtx& t, Req& r) {
  const Step& s = *r.step;
  const uint32_t fn = names_.op(r.op).syscall;
  // The derivation is real CPU work in both modes; Step mode's clock moves by its modeled
  // time (pbkdf2_hmac_ns), so that where it ends among the timers repeats itself.
  const int64_t ns = pbkdf2_hmac_count(s.digest, s.iterations, s.keylen) * pbkdf2_hmac_ns(s.digest);
  hooks_.emit(t, Kind::work_begin, Layer::libuv, fn, r.id, (ns + 500'000) / 1'000'000);
  if (gate_.mode() == Mode::step) gate_.sleep(t.id, ns, /*busy=*/true);
  std::optional<std::string> key = pbkdf2(s.digest, s.data, s.salt, s.iterations, s.keylen, [&] { return gate_.aborted(); });
  if (!key) throw Aborted{};
  r.data = std::move(*key);
  r.result = static_cast<int64_t>(r.data.size());
  data_bytes_.fetch_add(r.result, std::memory_order_relaxed);
  hooks_.emit(t, Kind::work_end, Layer::libuv, fn, r.id, r.result);
}

void Engine::run_work(ThreadCtx& t, Req& r) {
  const Step& s = *r.step;
  if (r.op == Op::crypto_pbkdf2) {
    hooks_.emit(t, Kind::uv_call, Layer::libuv, names_.uv_queue_work, r.id);
    derive_key(t, r);
  } else if (r.op == Op::pool_work) {
    const uint32_t fn = names_.op(r.op).syscall;
    hooks_.emit(t, Kind::uv_call, Layer::libuv, names_.uv_queue_work, r.id);
    hooks_.emit(t, Kind::work_begin, Layer::libuv, fn, r.id, s.work_ms);
    gate_.sleep(t.id, s.work_ms * 1'000'000, /*busy=*/true);
    hooks_.emit(t, Kind::work_end, Layer::libuv, fn, r.id, s.work_ms);
  } else {
    const bool injected = !s.inject_error.empty();
    int64_t latency_ns = s.latency_ms * 1'000'000;
    Event stages[] = {Hooks::event(Kind::uv_call, Layer::libuv, names_.uv_fs_work, r.id),
                      Hooks::event(Kind::syscall_begin, Layer::kernel,
                                   injected ? names_.op(r.op).syscall_injected : names_.op(r.op).syscall, r.id, latency_ns)};
    hooks_.gate().emit_burst(t, stages, std::size(stages));
    gate_.sleep(t.id, latency_ns, /*busy=*/false);  // injected, shown as such
    uint32_t fn = fs_syscall(r);
    hooks_.emit(t, Kind::syscall_end, Layer::kernel, fn, r.id, r.result);
  }
  backend_->post_completion(t, r);
}

void Engine::complete(ThreadCtx& t, Req& r) {
  const bool work = op_is_work(r.op);
  // uv__fs_done unregisters before the callback: inside it req_count already excludes this
  // request. The stages up to MakeCallback are one burst on the loop thread.
  Event stages[] = {Hooks::event(Kind::uv_call, Layer::libuv, (work ? names_.uv_queue_done : names_.uv_fs_done), r.id),
                    Hooks::event(Kind::req_count_dec, Layer::libuv, names_.uv_req_unregister, r.id, --req_count_),
                    Hooks::event(Kind::after, Layer::binding, names_.op(r.op).after, r.id, r.result),
                    Hooks::event(Kind::binding_call, Layer::binding, names_.MakeCallback, r.id)};
  hooks_.gate().emit_burst(t, stages, std::size(stages));
  // Node's callback arguments: fs.read and fs.write always pass (err, bytes || 0, buffer),
  // the buffer being the one read into (its text: none on an error) or the string written;
  // the others pass (err) on an error, else (null, value) or (null).
  CallbackArgs args;
  args.req = &r;
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
