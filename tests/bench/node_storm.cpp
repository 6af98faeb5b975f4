// The fs.stat storm as a Node program (see node_storm.h).
#include "tests/bench/node_storm.h"

#include <cstdio>
#include <cstdlib>

namespace loopstep::bench {

std::string storm_program(size_t n, int k) {
  return "/* loopstep\n[files]\n\"f.txt\" = \"x\"\n*/\n"
         "const fs = require('fs');\n"
         "const N = " + std::to_string(n) + ", K = " + std::to_string(k) + ";\n"
         "let started = 0, done = 0;\n"
         "const t0 = process.hrtime.bigint();\n"
         "function one() {\n"
         "  if (started >= N) return;\n"
         "  started++;\n"
         "  fs.stat('f.txt', (err) => {\n"
         "    if (err) throw err;\n"
         "    if (++done === N) console.log(String(Number(process.hrtime.bigint() - t0) / 1e6));\n"
         "    else one();\n"
         "  });\n"
         "}\n"
         "for (let i = 0; i < K; i++) one();\n";
}

double node_ms(const std::filesystem::path& dir, const std::string& file) {
  std::string cmd = "cd '" + dir.string() + "' && node '" + file + "' 2>/dev/null | tail -n 1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return -1;
  char buf[128] = {};
  const bool got = std::fgets(buf, sizeof buf, p) != nullptr;
  pclose(p);
  return got ? std::atof(buf) : -1;
}

}  // namespace loopstep::bench
