// SHA-1 and SHA-2 compressions (FIPS 180-4 §6), HMAC from precomputed pad states, and
// PBKDF2's F function (RFC 8018 §5.2). Each HMAC of a short message is two compressions:
// the inner and outer pad blocks are compressed once per derivation, not once per iteration.
#include "core/engine/pbkdf2.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cstring>
#include <vector>

namespace loopstep {

namespace {

template <class Word>
Word load_be(const uint8_t* p) {
  Word w = 0;
  for (size_t i = 0; i < sizeof(Word); ++i) w = static_cast<Word>((w << 8) | p[i]);
  return w;
}

template <class Word>
void store_be(Word w, uint8_t* p) {
  for (size_t i = sizeof(Word); i-- > 0;) {
    p[i] = static_cast<uint8_t>(w);
    w = static_cast<Word>(w >> 8);
  }
}

void sha1_compress(uint32_t* h, const uint8_t* block) {
  uint32_t w[80];
  for (int t = 0; t < 16; ++t) w[t] = load_be<uint32_t>(block + 4 * t);
  for (int t = 16; t < 80; ++t) w[t] = std::rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
  for (int t = 0; t < 80; ++t) {
    uint32_t f, k;
    if (t < 20) f = (b & c) | (~b & d), k = 0x5a827999;
    else if (t < 40) f = b ^ c ^ d, k = 0x6ed9eba1;
    else if (t < 60) f = (b & c) | (b & d) | (c & d), k = 0x8f1bbcdc;
    else f = b ^ c ^ d, k = 0xca62c1d6;
    const uint32_t temp = std::rotl(a, 5) + f + e + k + w[t];
    e = d;
    d = c;
    c = std::rotl(b, 30);
    b = a;
    a = temp;
  }
  h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
}

// The first 32 bits of the fractional parts of the cube roots of the first 64 primes.
constexpr std::array<uint32_t, 64> kSha256K = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

// The first 64 bits of the fractional parts of the cube roots of the first 80 primes.
constexpr std::array<uint64_t, 80> kSha512K = {
    0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc, 0x3956c25bf348b538,
    0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118, 0xd807aa98a3030242, 0x12835b0145706fbe,
    0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2, 0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235,
    0xc19bf174cf692694, 0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
    0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5, 0x983e5152ee66dfab,
    0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4, 0xc6e00bf33da88fc2, 0xd5a79147930aa725,
    0x06ca6351e003826f, 0x142929670a0e6e70, 0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed,
    0x53380d139d95b3df, 0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
    0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30, 0xd192e819d6ef5218,
    0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8, 0x19a4c116b8d2d0c8, 0x1e376c085141ab53,
    0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8, 0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373,
    0x682e6ff3d6b2b8a3, 0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
    0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b, 0xca273eceea26619c,
    0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178, 0x06f067aa72176fba, 0x0a637dc5a2c898a6,
    0x113f9804bef90dae, 0x1b710b35131c471b, 0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc,
    0x431d67c49c100d4c, 0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817};

// SHA-256 and SHA-512 are one algorithm on 32- and 64-bit words with their own rotations.
struct Sha256Shape {
  using Word = uint32_t;
  static constexpr int kRounds = 64;
  static constexpr const auto& kK = kSha256K;
  static Word big0(Word a) { return std::rotr(a, 2) ^ std::rotr(a, 13) ^ std::rotr(a, 22); }
  static Word big1(Word e) { return std::rotr(e, 6) ^ std::rotr(e, 11) ^ std::rotr(e, 25); }
  static Word small0(Word x) { return std::rotr(x, 7) ^ std::rotr(x, 18) ^ (x >> 3); }
  static Word small1(Word x) { return std::rotr(x, 17) ^ std::rotr(x, 19) ^ (x >> 10); }
};
struct Sha512Shape {
  using Word = uint64_t;
  static constexpr int kRounds = 80;
  static constexpr const auto& kK = kSha512K;
  static Word big0(Word a) { return std::rotr(a, 28) ^ std::rotr(a, 34) ^ std::rotr(a, 39); }
  static Word big1(Word e) { return std::rotr(e, 14) ^ std::rotr(e, 18) ^ std::rotr(e, 41); }
  static Word small0(Word x) { return std::rotr(x, 1) ^ std::rotr(x, 8) ^ (x >> 7); }
  static Word small1(Word x) { return std::rotr(x, 19) ^ std::rotr(x, 61) ^ (x >> 6); }
};

template <class Shape>
void sha2_compress(typename Shape::Word* h, const uint8_t* block) {
  using Word = typename Shape::Word;
  Word w[Shape::kRounds];
  for (int t = 0; t < 16; ++t) w[t] = load_be<Word>(block + sizeof(Word) * t);
  for (int t = 16; t < Shape::kRounds; ++t) w[t] = Shape::small1(w[t - 2]) + w[t - 7] + Shape::small0(w[t - 15]) + w[t - 16];
  Word a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
  for (int t = 0; t < Shape::kRounds; ++t) {
    const Word t1 = hh + Shape::big1(e) + ((e & f) ^ (~e & g)) + Shape::kK[t] + w[t];
    const Word t2 = Shape::big0(a) + ((a & b) ^ (a & c) ^ (b & c));
    hh = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
}

template <class Word>
struct Digest {
  size_t block;  // bytes per block: 64, or 128 for SHA-384/512
  size_t out;    // bytes of output (SHA-224 and SHA-384 are truncated SHA-256 and SHA-512)
  size_t words;  // state words: 5 for SHA-1, else 8
  std::array<Word, 8> init;
  void (*compress)(Word*, const uint8_t*);
};

const Digest<uint32_t> kSha1{64, 20, 5, {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0}, sha1_compress};
const Digest<uint32_t> kSha224{64, 28, 8,
                               {0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939, 0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4},
                               sha2_compress<Sha256Shape>};
const Digest<uint32_t> kSha256{64, 32, 8,
                               {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19},
                               sha2_compress<Sha256Shape>};
const Digest<uint64_t> kSha384{128, 48, 8,
                               {0xcbbb9d5dc1059ed8, 0x629a292a367cd507, 0x9159015a3070dd17, 0x152fecd8f70e5939,
                                0x67332667ffc00b31, 0x8eb44a8768581511, 0xdb0c2e0d64f98fa7, 0x47b5481dbefa4fa4},
                               sha2_compress<Sha512Shape>};
const Digest<uint64_t> kSha512{128, 64, 8,
                               {0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
                                0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179},
                               sha2_compress<Sha512Shape>};

template <class Word>
using State = std::array<Word, 8>;

// Hashes `data` on from state `h`, which has already compressed `prefix` bytes (a pad
// block), and writes the digest to `out`.
template <class Word>
void finish(const Digest<Word>& d, State<Word> h, const uint8_t* data, size_t len, uint64_t prefix, uint8_t* out) {
  const uint64_t total_bits = (prefix + len) * 8;
  size_t off = 0;
  for (; len - off >= d.block; off += d.block) d.compress(h.data(), data + off);
  uint8_t tail[256] = {};
  const size_t rest = len - off;
  std::memcpy(tail, data + off, rest);
  tail[rest] = 0x80;
  // The length field is the last 8 bytes (SHA-1/256) or 16 bytes (SHA-384/512, high half 0).
  const size_t length_field = d.block / 8;
  const size_t blocks = rest + 1 + length_field <= d.block ? 1 : 2;
  store_be<uint64_t>(total_bits, tail + blocks * d.block - 8);
  for (size_t b = 0; b < blocks; ++b) d.compress(h.data(), tail + b * d.block);
  uint8_t full[64];
  for (size_t i = 0; i < d.words; ++i) store_be<Word>(h[i], full + i * sizeof(Word));
  std::memcpy(out, full, d.out);
}

template <class Word>
State<Word> after_block(const Digest<Word>& d, const uint8_t* block) {
  State<Word> h = d.init;
  d.compress(h.data(), block);
  return h;
}

template <class Word>
std::optional<std::string> derive(const Digest<Word>& d, std::string_view password, std::string_view salt,
                                  int64_t iterations, int64_t keylen, const std::function<bool()>& stopped) {
  // HMAC's key block K0: the password, or its digest when longer than a block, zero-padded.
  uint8_t k0[128] = {};
  const auto* pw = reinterpret_cast<const uint8_t*>(password.data());
  if (password.size() > d.block) finish(d, d.init, pw, password.size(), 0, k0);
  else std::memcpy(k0, pw, password.size());
  uint8_t ipad[128], opad[128];
  for (size_t i = 0; i < d.block; ++i) {
    ipad[i] = static_cast<uint8_t>(k0[i] ^ 0x36);
    opad[i] = static_cast<uint8_t>(k0[i] ^ 0x5c);
  }
  const State<Word> inner = after_block(d, ipad), outer = after_block(d, opad);
  auto hmac = [&](const uint8_t* msg, size_t len, uint8_t* out) {
    uint8_t inner_digest[64];
    finish(d, inner, msg, len, d.block, inner_digest);
    finish(d, outer, inner_digest, d.out, d.block, out);
  };
  std::string key;
  key.reserve(static_cast<size_t>(keylen));
  std::vector<uint8_t> first(salt.size() + 4);
  std::memcpy(first.data(), salt.data(), salt.size());
  int64_t since_check = 0;
  for (uint32_t i = 1; static_cast<int64_t>(key.size()) < keylen; ++i) {
    store_be<uint32_t>(i, first.data() + salt.size());  // INT(i): the block index, big-endian
    uint8_t u[64], t[64];
    hmac(first.data(), first.size(), u);
    std::memcpy(t, u, d.out);
    for (int64_t j = 1; j < iterations; ++j) {
      hmac(u, d.out, u);
      for (size_t b = 0; b < d.out; ++b) t[b] ^= u[b];
      if (++since_check == 4096) {
        since_check = 0;
        if (stopped()) return std::nullopt;
      }
    }
    key.append(reinterpret_cast<const char*>(t), std::min<size_t>(d.out, static_cast<size_t>(keylen) - key.size()));
  }
  return key;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

size_t digest_bytes(const std::string& d) {
  if (d == "sha1") return kSha1.out;
  if (d == "sha224") return kSha224.out;
  if (d == "sha256") return kSha256.out;
  if (d == "sha384") return kSha384.out;
  if (d == "sha512") return kSha512.out;
  return 0;
}

}  // namespace

bool pbkdf2_digest_known(std::string_view digest) { return digest_bytes(lower(digest)) != 0; }

int64_t pbkdf2_hmac_count(std::string_view digest, int64_t iterations, int64_t keylen) {
  const auto out = static_cast<int64_t>(digest_bytes(lower(digest)));
  return out ? iterations * ((keylen + out - 1) / out) : 0;
}

std::optional<std::string> pbkdf2(std::string_view digest, std::string_view password, std::string_view salt,
                                  int64_t iterations, int64_t keylen, const std::function<bool()>& stopped) {
  const std::string d = lower(digest);
  if (d == "sha1") return derive(kSha1, password, salt, iterations, keylen, stopped);
  if (d == "sha224") return derive(kSha224, password, salt, iterations, keylen, stopped);
  if (d == "sha256") return derive(kSha256, password, salt, iterations, keylen, stopped);
  if (d == "sha384") return derive(kSha384, password, salt, iterations, keylen, stopped);
  return derive(kSha512, password, salt, iterations, keylen, stopped);
}

}  // namespace loopstep
