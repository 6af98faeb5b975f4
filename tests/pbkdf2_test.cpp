// crypto.pbkdf2's derivation (core/engine/pbkdf2.cpp): the keys of RFC 6070's vectors for
// SHA-1, and for the SHA-2 digests the keys node 20 (OpenSSL) derives for the same inputs,
// including a password longer than a block, a salt over two blocks and a key of several
// digest blocks; a stop ends a long derivation.
#include <doctest/doctest.h>

#include <atomic>
#include <string>

#include "core/engine/pbkdf2.h"

using namespace loopstep;

namespace {

std::string hex(const std::string& bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::string derive(const char* digest, const std::string& password, const std::string& salt, int64_t iterations,
                   int64_t keylen) {
  auto key = pbkdf2(digest, password, salt, iterations, keylen, [] { return false; });
  REQUIRE(key.has_value());
  CHECK(key->size() == static_cast<size_t>(keylen));
  return hex(*key);
}

}  // namespace

TEST_CASE("pbkdf2: RFC 6070's SHA-1 vectors") {
  CHECK(derive("sha1", "password", "salt", 1, 20) == "0c60c80f961f0e71f3a9b524af6012062fe037a6");
  CHECK(derive("sha1", "password", "salt", 2, 20) == "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
  CHECK(derive("sha1", "password", "salt", 4096, 20) == "4b007901b765489abead49d926f721d065a429c1");
  CHECK(derive("sha1", "passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 25) ==
        "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038");
  CHECK(derive("sha1", std::string("pass\0word", 9), std::string("sa\0lt", 5), 4096, 16) == "56fa6aa75548099dcc37d7f03425e0c3");
}

TEST_CASE("pbkdf2: the SHA-2 digests give node's keys") {
  CHECK(derive("sha256", "password", "salt", 1, 32) == "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b");
  CHECK(derive("sha256", "password", "salt", 4096, 32) == "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a");
  CHECK(derive("sha224", "password", "salt", 2, 28) == "93200ffa96c5776d38fa10abdf8f5bfc0054b9718513df472d2331d2");
  CHECK(derive("sha384", "password", "salt", 2, 48) ==
        "54f775c6d790f21930459162fc535dbf04a939185127016a04176a0730c6f1f4fb48832ad1261baadd2cedd50814b1c8");
  CHECK(derive("SHA512", "password", "salt", 2, 64) ==
        "e1d9c16aa681708a45f5c7c4e215ceb66e011a2e9f0040713f18aefdb866d53cf76cab2868a39b9f7840edce4fef5a82be67335c77a6068e"
        "04112754f27ccf4e");
  // A 200-byte password (hashed first: longer than SHA-512's 128-byte block), two key blocks.
  CHECK(derive("sha512", std::string(200, 'x'), "salt", 3, 100) ==
        "7e06f7557aae6057f38260ec33f67b9675bebccb8b17931386629a07d32149d2378b0cb294a152173818b94281c3db47d169e538b02deb3f"
        "2457884f1a3e04d9bb1483b5d4b099a9cd7dc62ecd1571c5202ef332fa3d60725bf6bff97d4906385f8c0cbe");
  // A salt over two SHA-256 blocks, three key blocks, the last one cut.
  CHECK(derive("sha256", std::string(100, 'x'), std::string(130, 'y'), 3, 70) ==
        "218e2d5260be1750d468c38a70e33f511d01a1b716720856e8a8b82429ec134ce6b3b668bafc4b8752f6bfbecdcf2f4bbe75a34757dc"
        "82127241a693b11b90a2917145cf7855");
  CHECK(derive("sha256", "p", "s", 5, 0) == "");
}

TEST_CASE("pbkdf2: the digests it knows, and the HMACs a derivation makes") {
  for (const char* d : {"sha1", "sha224", "sha256", "sha384", "sha512", "Sha256"}) CHECK(pbkdf2_digest_known(d));
  for (const char* d : {"md5", "sha3-256", "", "sha", "sha-256"}) CHECK_FALSE(pbkdf2_digest_known(d));
  CHECK(pbkdf2_hmac_count("sha512", 1000, 64) == 1000);
  CHECK(pbkdf2_hmac_count("sha512", 1000, 65) == 2000);
  CHECK(pbkdf2_hmac_count("sha1", 10, 0) == 0);
}

TEST_CASE("pbkdf2: a stop ends a long derivation") {
  std::atomic<int> asked{0};
  auto key = pbkdf2("sha256", "p", "s", 2'000'000'000, 32, [&] { return ++asked >= 3; });
  CHECK_FALSE(key.has_value());
  CHECK(asked.load() == 3);
}
