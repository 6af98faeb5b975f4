// The string table: one id per text, stable under growth and under concurrent interning.
#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "core/record/strings.h"

using namespace loopstep;

TEST_CASE("strings: 200,000 texts keep distinct ids through every growth, and the same text keeps its id") {
  StringTable t;
  CHECK(t.intern("") == 0);
  std::vector<std::string> texts;
  for (int i = 0; i < 200'000; ++i) {
    // Short (inline in std::string) and long texts, and texts that are prefixes of others.
    std::string s = "c" + std::to_string(i % 1000) + "_" + std::to_string(i);
    if (i % 3 == 0) s += std::string(40, 'x');
    texts.push_back(s);
  }
  texts.push_back(std::string("nul\0inside", 10));
  texts.push_back(std::string("nul", 3));
  std::vector<uint32_t> ids;
  for (const std::string& s : texts) ids.push_back(t.intern(s));
  CHECK(t.size() == texts.size() + 1);
  for (size_t i = 0; i < texts.size(); ++i) {
    REQUIRE(ids[i] == i + 1);  // in order of first sight, after the empty text
    REQUIRE(t.str(ids[i]) == texts[i]);
    REQUIRE(t.intern(texts[i]) == ids[i]);
  }
  size_t bytes = 0;
  for (const std::string& s : texts) bytes += s.size();
  CHECK(t.bytes() == bytes);  // each text is held once
  CHECK(t.str(static_cast<uint32_t>(t.size())).empty());  // an id never handed out
}

TEST_CASE("strings: four threads interning the same texts in different orders agree on every id") {
  StringTable t;
  constexpr int kTexts = 20'000;
  std::vector<std::vector<uint32_t>> seen(4, std::vector<uint32_t>(kTexts));
  std::vector<std::thread> threads;
  for (int th = 0; th < 4; ++th)
    threads.emplace_back([&, th] {
      for (int k = 0; k < kTexts; ++k) {
        int i = th % 2 ? kTexts - 1 - k : k;  // two forwards, two backwards
        seen[th][i] = t.intern("text " + std::to_string(i));
      }
    });
  for (auto& th : threads) th.join();
  CHECK(t.size() == kTexts + 1);
  for (int i = 0; i < kTexts; ++i) {
    REQUIRE(seen[0][i] == seen[1][i]);
    REQUIRE(seen[0][i] == seen[2][i]);
    REQUIRE(seen[0][i] == seen[3][i]);
    REQUIRE(t.str(seen[0][i]) == "text " + std::to_string(i));
  }
}
