// The recording header's "moment" (where a saved recording reopens): written only when set,
// read back field for field, kept by a load and a save, and any malformed field skipped with a
// warning while the events still load.
#include <doctest/doctest.h>

#include <sstream>

#include "core/trace/trace_io.h"
#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;

namespace {

LoadedRecording reload(const std::string& text) {
  std::istringstream in(text);
  return read_jsonl(in, "m.jsonl");
}

std::string with_header_moment(const Recording& rec, const std::string& moment_json) {
  std::ostringstream out;
  write_jsonl(out, rec);
  std::string text = out.str();
  const size_t brace = text.find('{');
  return text.insert(brace + 1, "\"moment\":" + moment_json + ",");
}

}  // namespace

TEST_CASE("moment header: written when set, read back field for field") {
  auto r = run_article_000();
  Moment m;
  m.step = 26;
  m.selected_seq = 20;
  m.real_time_axis = true;
  m.view_from = 1500.5;
  m.view_to = 90000;
  m.backend = BackendKind::epoll;
  m.workers = WorkerModel::pool;
  m.pool_size = 2;
  std::ostringstream out;
  write_jsonl(out, r.rec(), m);
  const std::string header = out.str().substr(0, out.str().find('\n'));
  CHECK(header.find("\"moment\":{\"axis\":\"time\",\"selected_step\":21,\"step\":26,\"view\":[1500.5,90000.0],"
                    "\"what_if\":{\"backend\":\"epoll\",\"pool_size\":2,\"workers\":\"pool\"}}") != std::string::npos);
  LoadedRecording back = reload(out.str());
  CHECK(back.warnings.empty());
  REQUIRE(back.recording->moment);
  const Moment& b = *back.recording->moment;
  CHECK(b.step == 26);
  CHECK(b.selected_seq == uint64_t(20));
  CHECK(b.real_time_axis);
  CHECK(b.view_from == 1500.5);
  CHECK(b.view_to == 90000);
  CHECK(b.backend == BackendKind::epoll);
  CHECK(b.workers == WorkerModel::pool);
  CHECK(b.pool_size == 2);
  CHECK(back.recording->size() == r.rec().size());
  // Loaded and saved again: the same file, moment included.
  std::ostringstream again;
  write_jsonl(again, *back.recording);
  CHECK(again.str() == out.str());
}

TEST_CASE("moment header: absent when never set, and an old recording loads without one") {
  auto r = run_article_000();
  std::ostringstream out;
  write_jsonl(out, r.rec());
  CHECK(out.str().substr(0, out.str().find('\n')).find("\"moment\":") == std::string::npos);
  LoadedRecording back = reload(out.str());
  CHECK(back.warnings.empty());
  CHECK_FALSE(back.recording->moment);
  CHECK(back.recording->size() == r.rec().size());
}

TEST_CASE("moment header: a malformed field is skipped with a warning; the events still load") {
  auto r = run_article_000();
  struct Case {
    const char* moment;
    const char* warning;
  };
  const Case cases[] = {
      {"5", "header field 'moment' is not an object; the recording opens at step 0"},
      {"{\"step\":-3}", "header field 'moment.step' is not a step number; ignored"},
      {"{\"step\":1e300}", "header field 'moment.step' is not a step number; ignored"},
      {"{\"step\":2,\"view\":[5,1]}", "header field 'moment.view' is not [from, to] with from < to; ignored"},
      {"{\"step\":2,\"view\":\"all\"}", "header field 'moment.view' is not [from, to] with from < to; ignored"},
      {"{\"axis\":7}", "header field 'moment.axis' is not \"steps\" or \"time\"; ignored"},
      {"{\"what_if\":[]}", "header field 'moment.what_if' is not an object; ignored"},
      {"{\"what_if\":{\"backend\":\"kqueue\"}}", "header field 'moment.what_if.backend' is not epoll or iocp; ignored"},
      {"{\"what_if\":{\"pool_size\":0}}", "header field 'moment.what_if.pool_size' is not an integer between 1 and 1024; ignored"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.moment);
    LoadedRecording back = reload(with_header_moment(r.rec(), c.moment));
    CHECK(back.error.empty());
    REQUIRE(back.warnings.size() == 1);
    CHECK(back.warnings[0] == std::string("m.jsonl:1: ") + c.warning);
    CHECK(back.recording->size() == r.rec().size());
  }
  // The fields that are right are kept beside one that is not.
  LoadedRecording mixed = reload(with_header_moment(r.rec(), "{\"step\":7,\"view\":null,\"selected_step\":3}"));
  REQUIRE(mixed.recording->moment);
  CHECK(mixed.recording->moment->step == 7);
  CHECK(mixed.recording->moment->selected_seq == uint64_t(2));
}
