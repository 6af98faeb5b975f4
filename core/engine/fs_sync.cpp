// fs.*Sync: Node runs the call on the JS thread with no callback (uv_fs_* with cb NULL), so
// the syscall happens on the loop thread and nothing else of the loop runs meanwhile;
// crypto.pbkdf2Sync likewise derives its key there.
#include "core/engine/engine.h"

namespace loopstep {

std::unique_ptr<Req> Engine::exec_sync(ThreadCtx& t, std::unique_ptr<Step> step) {
  const bool crypto = step->op == Op::crypto_pbkdf2;
  Req& r = new_req(*step, crypto ? names_.PBKDF2Job : names_.uv_fs_t);
  r.owned_step = std::move(step);
  const Op op = r.op;
  hooks_.emit(t, Kind::js_call, Layer::js, hooks_.name(std::string(op_name(op)) + "Sync"), r.id);
  hooks_.emit(t, Kind::binding_call, Layer::binding, names_.op(op).binding, r.id);
  if (crypto) {
    // crypto.pbkdf2Sync: CryptoJob::Run in sync mode derives on the calling thread; libuv is
    // not involved.
    derive_key(t, r);
  } else {
    hooks_.emit(t, Kind::binding_call, Layer::binding, names_.sync_call, r.id);
    hooks_.emit(t, Kind::uv_call, Layer::libuv, names_.op(op).uv, r.id);
    hooks_.emit(t, Kind::uv_call, Layer::libuv, names_.uv_fs_sync, r.id);
    hooks_.emit(t, Kind::syscall_begin, Layer::kernel, names_.op(op).syscall, r.id, 0);
    uint32_t fn = fs_syscall(r);
    hooks_.emit(t, Kind::syscall_end, Layer::kernel, fn, r.id, r.result);
  }
  auto it = reqs_.find(r.id);
  std::unique_ptr<Req> out = std::move(it->second);
  reqs_.erase(it);
  data_bytes_.fetch_sub(static_cast<int64_t>(out->data.size()), std::memory_order_relaxed);
  if (op == Op::fs_open && out->result >= 0) fd_numbers_[out->result] = out->strings.path;
  return out;
}

}  // namespace loopstep
