# The test suite of the MinGW build (issue 6), run under Wine through ctest's
# CMAKE_CROSSCOMPILING_EMULATOR. Selected by a list: the Linux-only tests (real sandbox on
# openat2, popen of the CLI through a POSIX shell, node, the ui) stay out.
set(WIN_TEST_SOURCES
  accept_match_test.cpp
  article_sequences_test.cpp
  engine_test.cpp
  engine_protocol_test.cpp
  iocp_batch_test.cpp
  net_lessons_test.cpp
  scenario_parse_test.cpp
  trace_io_test.cpp
  sandbox_win_test.cpp)
add_executable(loopstep_tests main.cpp support.cpp ${WIN_TEST_SOURCES})
target_include_directories(loopstep_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(loopstep_tests PRIVATE loopstep_core doctest::doctest)
target_compile_definitions(loopstep_tests PRIVATE
  LOOPSTEP_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
  LOOPSTEP_CLI="$<TARGET_FILE:loopstep>")
add_dependencies(loopstep_tests loopstep)
# Test cases that pin what only Linux has, each named with its reason (doctest wildcards;
# a comma would split the filter). Everything else in the listed files runs on the native port.
set(WIN_EXCLUDED_CASES
  # the epoll backend (Windows has none); their iocp counterparts run in the loops over kBackends
  "epoll pool model: fs.stat follows article 002*"
  "determinism: a random release policy*"
  "step mode: each step adds exactly one event*"
  "step mode: releasing a chosen thread*"
  "libuv semantics: req_count is 0 inside*"
  "pool saturation: with 4 workers*"
  "node semantics: inside an I/O callback*"
  "node semantics: nextTick runs before*"
  "recording: state_at(i) equals*"
  "breakpoints: run_to stops*"
  "recording files: jsonl round-trips*"   # run the scenario's own backend: epoll
  "recording files: a truncated file*"
  "net lessons: the echo lesson's exact sequence on epoll*"
  # expects the Linux syscall names (open(2)); the native port emits CreateFileW, checked by
  # the emulation proof test (tests/emulation_proof_test.cpp) instead
  "iocp model: fs.open follows article 000*"
  # the C runtime's fopen of a folder fails with EACCES, not EISDIR
  "scenario parser: a folder given as the scenario*")
list(JOIN WIN_EXCLUDED_CASES "," WIN_EXCLUDE_FILTER)

# One ctest test per source file (doctest's --source-file filter): discovering each
# TEST_CASE would run Wine at build time, and a build must not need a Wine server.
foreach(src IN LISTS WIN_TEST_SOURCES)
  get_filename_component(name ${src} NAME_WE)
  add_test(NAME win_${name} COMMAND loopstep_tests --source-file=*${src} "--test-case-exclude=${WIN_EXCLUDE_FILTER}" --no-intro=true
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(win_${name} PROPERTIES TIMEOUT 300)
endforeach()
