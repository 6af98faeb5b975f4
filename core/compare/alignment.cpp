// The alignment of two runs on the program's moments (see alignment.h).
#include "core/compare/alignment.h"

#include <algorithm>
#include <charconv>

#include "core/trace/narration.h"

namespace loopstep {

bool is_program_moment(Kind k) { return k == Kind::js_call || k == Kind::callback_begin || k == Kind::console; }

namespace {

struct Key {
  Kind kind;
  std::string_view name;  // the call or the callback; a console line is one moment whatever it prints
  uint64_t seq;
  bool operator==(const Key& o) const { return kind == o.kind && name == o.name; }
};

std::vector<Key> moments_of(const Recording& rec) {
  std::vector<Key> out;
  const RunInfo& info = rec.info();
  for (const Event& e : rec.events())
    if (is_program_moment(e.kind)) out.push_back({e.kind, e.kind == Kind::console ? "" : info.strings.str(e.fn), e.seq});
  return out;
}

}  // namespace

std::vector<AlignedMoment> align_moments(const Recording& a, const Recording& b) {
  const std::vector<Key> ka = moments_of(a), kb = moments_of(b);
  // Longest common subsequence: lcs[i][j] for the suffixes ka[i..], kb[j..]. Lessons have
  // tens of moments; a program with thousands costs n*m words here, once.
  const size_t n = ka.size(), m = kb.size();
  std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
  auto at = [&](size_t i, size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;) at(i, j) = ka[i] == kb[j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
  std::vector<AlignedMoment> rows;
  size_t a_next = 0, b_next = 0;  // the first event of each side not in a row yet
  auto row = [&](std::optional<uint64_t> ma, std::optional<uint64_t> mb) {
    AlignedMoment r;
    r.a_from = a_next;
    r.b_from = b_next;
    r.a_to = ma ? size_t(*ma) : a_next;
    r.b_to = mb ? size_t(*mb) : b_next;
    r.a = ma;
    r.b = mb;
    if (ma) a_next = size_t(*ma) + 1;
    if (mb) b_next = size_t(*mb) + 1;
    rows.push_back(r);
  };
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && ka[i] == kb[j]) {
      row(ka[i++].seq, kb[j++].seq);
    } else if (j == m || (i < n && at(i + 1, j) >= at(i, j + 1))) {
      row(ka[i++].seq, std::nullopt);  // only run A's program got here
    } else {
      row(std::nullopt, kb[j++].seq);
    }
  }
  AlignedMoment tail;
  tail.a_from = a_next;
  tail.a_to = a.size();
  tail.b_from = b_next;
  tail.b_to = b.size();
  rows.push_back(tail);
  return rows;
}

std::string moment_words(const Recording& rec, uint64_t seq) {
  return Narration::builtin().describe(rec[seq], rec.info(), rec.state_at(seq), false);
}

std::variant<CompareSide, std::string> parse_compare_side(const std::string& flag, const std::string& text) {
  CompareSide side;
  side.label = text;
  side.options.mode = Mode::step;
  const std::string bad = flag + ": '" + text + "': ";
  if (text.empty()) return bad + "expected backend=epoll|iocp, workers=pool|per-request or pool_size=N";
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, comma - start);
    const size_t eq = item.find('=');
    const std::string key = item.substr(0, eq), value = eq == std::string::npos ? "" : item.substr(eq + 1);
    if (key == "backend") {
      BackendKind k;
      if (!backend_from_name(value, &k)) return bad + "backend is epoll or iocp";
      side.options.backend = k;
    } else if (key == "workers") {
      WorkerModel w;
      if (!worker_model_from_name(value, &w)) return bad + "workers is pool or per-request";
      side.options.workers = w;
    } else if (key == "pool_size") {
      int p = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), p);
      if (ec != std::errc() || end != value.data() + value.size() || p < 1 || p > 1024) return bad + "pool_size is a number from 1 to 1024";
      side.options.pool_size = p;
    } else {
      return bad + "'" + item + "': expected backend=epoll|iocp, workers=pool|per-request or pool_size=N";
    }
    start = comma + 1;
  }
  return side;
}

}  // namespace loopstep
