// PBKDF2-HMAC (RFC 8018 §5.2, HMAC of RFC 2104) over SHA-1 and SHA-2 (FIPS 180-4): the
// CPU work of crypto.pbkdf2, derived by loopstep itself on the pool worker that runs the
// request, so that the worker is busy for as long as the derivation really takes and the
// key is the one node derives. Written from the standards; no library is linked for it.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace loopstep {

// The digests loopstep derives with: sha1, sha224, sha256, sha384, sha512 (any case).
bool pbkdf2_digest_known(std::string_view digest);

// The derived key, `keylen` bytes; nullopt when `stopped()` said yes (asked every few
// thousand HMAC computations, so that a run's limit or a stop ends a long derivation).
// `digest` must be known, iterations >= 1, keylen >= 0.
std::optional<std::string> pbkdf2(std::string_view digest, std::string_view password, std::string_view salt,
                                  int64_t iterations, int64_t keylen, const std::function<bool()>& stopped);

// The HMAC computations a derivation makes: iterations for each digest-sized block of the key.
int64_t pbkdf2_hmac_count(std::string_view digest, int64_t iterations, int64_t keylen);

}  // namespace loopstep
