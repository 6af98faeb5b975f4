# The two entry points: `make run` and `make test`. Everything else is a helper.
BUILD ?= build
JOBS ?= 2
CMAKE_FLAGS ?=

.PHONY: run test deps configure build app package sanitize asan tsan bench fuzz check-all clean windows test-windows

# `make run` builds only what it runs: the app (the tests build in `make test`).
run: app
	./$(BUILD)/app/loopstep $(ARGS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS) --timeout 300

deps:
	bash scripts/install-deps.sh

configure: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null

app: configure
	cmake --build $(BUILD) -j$(JOBS) --target loopstep

build: configure
	cmake --build $(BUILD) -j$(JOBS)

# A .deb for teachers (cmake/package.cmake): $(BUILD)/loopstep_<version>_<arch>.deb.
package: app
	cd $(BUILD) && cpack -G DEB

# The test suite under ASan+UBSan and under TSan (clang 14), each in its own build folder.
sanitize: asan tsan

asan: deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
	  -DLOOPSTEP_GUI=OFF -DLOOPSTEP_SANITIZE=address,undefined >/dev/null
	cmake --build build-asan -j$(JOBS) --target loopstep_tests loopstep
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j$(JOBS) --timeout 600

tsan: deps
	cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
	  -DLOOPSTEP_GUI=OFF -DLOOPSTEP_SANITIZE=thread >/dev/null
	cmake --build build-tsan -j$(JOBS) --target loopstep_tests loopstep
	cd build-tsan && TSAN_OPTIONS=halt_on_error=1 ctest --output-on-failure -j$(JOBS) --timeout 600

# The benchmarks of issue 4: a Release build in build-bench/ that runs them, prints the
# table and writes build-bench/bench-results.json. Not part of `make test`.
bench:
	bash scripts/install-deps.sh --bench
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DLOOPSTEP_GUI=ON -DLOOPSTEP_BENCH=ON $(CMAKE_FLAGS) >/dev/null
	cmake --build build-bench -j$(JOBS) --target bench

# libFuzzer (issue 5): the scenario parser and the recording loader, FUZZ_SECONDS each (both
# at once), in build-fuzz/ (clang 14, ASan+UBSan). A crash, a timeout (> 1 s per input), a
# leak or a sanitizer report fails; the input is saved in build-fuzz/artifacts/.
FUZZ_SECONDS ?= 60
fuzz: deps
	cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
	  -DLOOPSTEP_GUI=OFF -DLOOPSTEP_FUZZ=ON -DLOOPSTEP_SANITIZE=address,undefined >/dev/null
	cmake --build build-fuzz -j$(JOBS) --target fuzz_targets
	bash tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

# Everything of issue 5, including what is too slow for CI (README, "Reliability"): make test,
# the doctest suite "check-all" (1,000 random seeds per bundled scenario in Step mode), and
# the fuzzers for FUZZ_SECONDS each (e.g. make check-all FUZZ_SECONDS=600).
check-all: test
	./$(BUILD)/tests/loopstep_tests --no-skip --test-suite=check-all
	$(MAKE) fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)

# Issue 6: core and the headless CLI cross-built with MinGW-w64 (build-win/app/loopstep.exe)
# and the core suite run under Wine. The Wine prefix lives in build-win/; the wine server is
# started detached first and stopped after, or ctest's output pipe stays open and it hangs.
WIN_ENV = WINEPREFIX=$(CURDIR)/build-win/wineprefix WINEDEBUG=-all
windows:
	bash scripts/install-deps.sh --windows
	cmake -S . -B build-win -DCMAKE_TOOLCHAIN_FILE=$(CURDIR)/cmake/mingw-w64.cmake -DCMAKE_BUILD_TYPE=Release -DLOOPSTEP_GUI=OFF >/dev/null
	cmake --build build-win -j$(JOBS)

test-windows: windows
	mkdir -p build-win/wineprefix
	$(WIN_ENV) wineserver -p </dev/null >/dev/null 2>&1; $(WIN_ENV) wine wineboot </dev/null >/dev/null 2>&1; \
	  cd build-win && $(WIN_ENV) ctest --output-on-failure -j$(JOBS) --timeout 600; rc=$$?; \
	  $(WIN_ENV) wineserver -k; exit $$rc

clean:
	rm -rf $(BUILD) build-asan build-tsan build-fuzz build-win
