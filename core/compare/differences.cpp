// The differences between two stretches (see differences.h): counted from the events, said
// in the articles' words.
#include "core/compare/differences.h"

#include <algorithm>
#include <set>

namespace loopstep {

namespace {

struct Counts {
  int takes = 0;        // completion_take: a request handed back to the loop
  int wait_returns = 0;  // wait_end: the loop's kernel wait returned
  int eventfd_reads = 0;  // wakeup_recv: uv__async_io read the eventfd
  int coalesced = 0;    // wakeup_send with value 0: rode on a wake-up already pending
  int spawns = 0;       // thread_spawn
  std::string wait_fn;  // GetQueuedCompletionStatus(Ex) or epoll_wait
  std::string spawn_fn;
  std::set<std::string, std::less<>> kernel_fns;
};

Counts count(const Stretch& s) {
  Counts c;
  const RunInfo& info = s.rec->info();
  for (size_t i = s.from; i < s.to; ++i) {
    const Event e = (*s.rec)[i];
    const std::string_view fn = info.strings.str(e.fn);
    switch (e.kind) {
      case Kind::completion_take: ++c.takes; break;
      case Kind::wait_end: ++c.wait_returns; c.wait_fn = fn; break;
      case Kind::wakeup_recv: ++c.eventfd_reads; break;
      case Kind::wakeup_send: c.coalesced += e.value == 0; break;
      case Kind::thread_spawn: ++c.spawns; c.spawn_fn = fn; break;
      default: break;
    }
    if (e.layer == Layer::kernel && !fn.empty()) c.kernel_fns.emplace(fn);
  }
  return c;
}

std::string plural(int n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); }

// How this side's loop got its completions back, or "" when it took none.
std::string delivery(const Stretch& s, const Counts& c) {
  if (c.takes == 0) return "";
  const bool iocp = s.rec->info().config.backend == BackendKind::iocp;
  if (iocp && c.wait_fn == "GetQueuedCompletionStatusEx" && c.takes > c.wait_returns)
    return "the IOCP loop takes " + plural(c.takes, "packet", "packets") + " in " +
           plural(c.wait_returns, "GetQueuedCompletionStatusEx call", "GetQueuedCompletionStatusEx calls");
  if (iocp)
    return "the IOCP loop takes one packet per request (" + plural(c.takes, "packet", "packets") + ", " +
           plural(c.wait_returns, "return", "returns") + " of " + (c.wait_fn.empty() ? "its wait" : c.wait_fn) + ")";
  if (c.eventfd_reads == 1)
    return "epoll takes the whole done-list after one eventfd read (" + plural(c.takes, "request", "requests") + ")";
  return "epoll takes the done-list after each of its " + std::to_string(c.eventfd_reads) + " eventfd reads (" +
         plural(c.takes, "request", "requests") + ")";
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

std::vector<std::string> stretch_differences(const Stretch& a, const Stretch& b) {
  const Counts ca = count(a), cb = count(b);
  std::vector<std::string> out;
  const std::string da = delivery(a, ca), db = delivery(b, cb);
  const bool same_delivery = ca.takes == cb.takes && ca.wait_returns == cb.wait_returns && ca.eventfd_reads == cb.eventfd_reads &&
                             a.rec->info().config.backend == b.rec->info().config.backend;
  if (!same_delivery && (!da.empty() || !db.empty()))
    out.push_back("here " + (da.empty() ? a.name + " takes no completion" : da) + "; " + (db.empty() ? b.name + " takes none" : db));
  for (const auto* side : {&a, &b}) {
    const Counts& c = side == &a ? ca : cb;
    if (c.coalesced > 0)
      out.push_back(side->name + ": " + plural(c.coalesced, "completion rides", "completions ride") +
                    " on a wake-up already pending (uv_async_send writes nothing)");
  }
  if (ca.spawns != cb.spawns) {
    auto started = [](const Stretch& s, const Counts& c) {
      if (c.spawns == 0) return s.name + " starts no thread";
      const bool per_request = s.rec->info().config.workers == WorkerModel::per_request;
      return s.name + " starts " + plural(c.spawns, "thread", "threads") + " (" + c.spawn_fn + ")" +
             (per_request ? ", one for each request" : ", its pool's workers");
    };
    out.push_back(started(a, ca) + "; " + started(b, cb));
  }
  std::vector<std::string> only_a, only_b;
  std::set_difference(ca.kernel_fns.begin(), ca.kernel_fns.end(), cb.kernel_fns.begin(), cb.kernel_fns.end(), std::back_inserter(only_a));
  std::set_difference(cb.kernel_fns.begin(), cb.kernel_fns.end(), ca.kernel_fns.begin(), ca.kernel_fns.end(), std::back_inserter(only_b));
  if (!only_a.empty() || !only_b.empty())
    out.push_back("kernel calls only " + a.name + " makes: " + (only_a.empty() ? "none" : joined(only_a)) + "; only " + b.name +
                  ": " + (only_b.empty() ? "none" : joined(only_b)));
  return out;
}

}  // namespace loopstep
