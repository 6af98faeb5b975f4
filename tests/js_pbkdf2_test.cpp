// crypto.pbkdf2 in a JS lesson: a job on the pool (pbkdf2Sync on the loop thread), stopped by
// max_run_ms in both modes, and node's argument errors.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/js_lesson_support.h"

using namespace loopstep;
using namespace loopstep::test;

namespace {
// (kind fn thread) of one request's events, in order.
std::vector<std::string> request_events(const Recording& rec, uint32_t req) {
  std::vector<std::string> out;
  for (const Event& e : rec.events())
    if (e.req == req) out.push_back(std::string(kind_name(e.kind)) + " " + fn_of(rec, e) + " T" + std::to_string(e.thread));
  return out;
}
}  // namespace

TEST_CASE("js lesson: crypto.pbkdf2 is a job on the pool; pbkdf2Sync derives on the loop thread") {
  if (!has_node()) return;
  TempDir tmp;
  fs::path p = tmp.write("lesson.js",
                         "const crypto = require('crypto');\n"
                         "crypto.pbkdf2('password', 'salt', 2, 64, 'sha512', function derived(err, key) {\n"
                         "  console.log(err, key.toString('hex'));\n"
                         "});\n"
                         "console.log(crypto.pbkdf2Sync('password', 'salt', 1, 32, 'sha256').toString('hex'));\n");
  Session s(must_load(p), step(ReleasePolicy::lowest()));
  s.start();
  s.run_to_end();
  const Recording& rec = s.recording();
  CHECK(s.stop_reason() == "");
  CHECK(check_invariants(rec) == "");
  // node's own keys for these inputs (tests/pbkdf2_test.cpp has more).
  CHECK(console_lines(rec) ==
        std::vector<std::string>{"120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b",
                                 "null e1d9c16aa681708a45f5c7c4e215ceb66e011a2e9f0040713f18aefdb866d53cf76cab2868a39b9f7840ed"
                                 "ce4fef5a82be67335c77a6068e04112754f27ccf4e"});
  // The async form: PBKDF2Job -> CryptoJob::Run -> ScheduleWork -> uv_queue_work, a worker
  // derives, the loop runs the callback.
  const std::vector<std::string> job = {
      "js_call crypto.pbkdf2 T0",
      "req_init PBKDF2Job T0",
      "binding_call CryptoJob::Run T0",
      "binding_call ThreadPoolWork::ScheduleWork T0",
      "uv_call uv_queue_work T0",
      "req_count_inc uv__req_register T0",
      "work_submit uv__work_submit T0",
      "work_take worker: take from wq T1",
      "uv_call uv__queue_work T1",
      "work_begin PBKDF2Traits::DeriveBits T1",
      "work_end PBKDF2Traits::DeriveBits T1",
      "completion_post worker: append to loop->wq T1",
      "wakeup_send uv_async_send T1",
      "completion_take uv__work_done T0",
      "uv_call uv__queue_done T0",
      "req_count_dec uv__req_unregister T0",
      "after CryptoJob::AfterThreadPoolWork T0",
      "binding_call MakeCallback T0",
      "callback_begin derived T0",
      "callback_end derived T0",
  };
  CHECK(joined(request_events(rec, 1)) == joined(job));
  // The sync form: no libuv, no request counted, the derivation on the loop thread.
  const std::vector<std::string> sync = {
      "js_call crypto.pbkdf2Sync T0",
      "binding_call CryptoJob::Run T0",
      "work_begin PBKDF2Traits::DeriveBits T0",
      "work_end PBKDF2Traits::DeriveBits T0",
  };
  CHECK(joined(request_events(rec, 2)) == joined(sync));
  CHECK(count(rec, Kind::completion_post) == 1);
  CHECK(count(rec, Kind::completion_take) == 1);
}

TEST_CASE("js lesson: a derivation that outlasts max_run_ms is stopped, in both modes") {
  if (!has_node()) return;
  TempDir tmp;
  fs::path p = tmp.write("lesson.js",
                         "/* loopstep\n[limits]\nmax_run_ms = 400\n*/\n"
                         "require('crypto').pbkdf2('p', 's', 2147483647, 64, 'sha512', () => console.log('never'));\n");
  for (const SessionOptions& o : {run_mode(), step(ReleasePolicy::lowest())}) {
    Session s(must_load(p), o);
    s.start();
    // Only a guard against a hang: 2^31 - 1 iterations would take twenty minutes.
    auto t0 = std::chrono::steady_clock::now();
    s.run_to_end();
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(60));
    CHECK(s.finished());
    CHECK(s.stop_reason().find("max_run_ms") != std::string::npos);
    CHECK(console_lines(s.recording()).empty());
  }
}

TEST_CASE("js lesson: crypto's argument errors are node's; what loopstep does not derive is refused at the call") {
  if (!has_node()) return;
  TempDir tmp;
  fs::path p = tmp.write("lesson.js",
                         "const crypto = require('crypto');\n"
                         "const tries = [\n"
                         "  () => crypto.pbkdf2('a', 'b', -1, 10, 'sha1', () => {}),\n"
                         "  () => crypto.pbkdf2('a', 'b', 1, 10, 'nope', () => {}),\n"
                         "  () => crypto.pbkdf2('a', 'b', 1, 10, 'sha1'),\n"
                         "  () => crypto.pbkdf2Sync('a', 'b', 1, 10),\n"
                         "  () => crypto.pbkdf2('a', 'b', 1, 10, 'md5', () => {}),\n"
                         "  () => crypto.randomBytes(4, () => {}),\n"
                         "  () => crypto.scrypt('a', 'b', 16, () => {}),\n"
                         "];\n"
                         "for (const t of tries) { try { t(); console.log('no error'); } catch (e) { console.log(e.code + ': ' + e.message); } }\n"
                         "console.log(crypto.createHash('sha256').update('x').digest('hex'), crypto.randomBytes(4).length);\n");
  Session s(must_load(p), run_mode());
  s.start();
  s.run_to_end();
  CHECK(s.stop_reason() == "");
  CHECK(console_lines(s.recording()) ==
        std::vector<std::string>{
            "ERR_OUT_OF_RANGE: The value of \"iterations\" is out of range. It must be >= 1 && <= 2147483647. Received -1",
            "ERR_CRYPTO_INVALID_DIGEST: Invalid digest: nope",
            "ERR_INVALID_ARG_TYPE: The \"callback\" argument must be of type function. Received undefined",
            "ERR_INVALID_ARG_TYPE: The \"digest\" argument must be of type string. Received undefined",
            "ERR_LOOPSTEP_UNSUPPORTED: loopstep derives crypto.pbkdf2 keys with sha1, sha224, sha256, sha384, sha512; the "
            "digest \"md5\" is not modeled",
            "ERR_LOOPSTEP_UNSUPPORTED: loopstep does not model crypto.randomBytes with a callback: node would run it on its "
            "own thread pool, outside loopstep's loop; use crypto.pbkdf2 for work on the pool, or randomBytes without a "
            "callback",
            "ERR_LOOPSTEP_UNSUPPORTED: loopstep does not model crypto.scrypt: node would run it on its own thread pool, "
            "outside loopstep's loop; use crypto.pbkdf2 for work on the pool, or crypto.scryptSync",
            "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881 4"});
  CHECK(count(s.recording(), Kind::work_begin) == 0);  // no refused call reached the pool
}
