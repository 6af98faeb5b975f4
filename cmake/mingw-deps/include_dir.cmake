# For the MinGW build: an include folder holding exactly one of Debian's header-only
# libraries. `#include <toml++/toml.hpp>` needs the parent of /usr/include/toml++, and that
# parent is /usr/include, which must stay off the MinGW include path; so each library gets
# a folder of its own in the build tree with a symlink to the real headers.
function(loopstep_mingw_include_dir out)
  set(dir ${CMAKE_BINARY_DIR}/mingw-deps-include/${ARGV1})
  foreach(sub IN LISTS ARGN)
    if(NOT EXISTS /usr/include/${sub})
      message(FATAL_ERROR "/usr/include/${sub} is missing: run scripts/install-deps.sh")
    endif()
    file(MAKE_DIRECTORY ${dir})
    file(CREATE_LINK /usr/include/${sub} ${dir}/${sub} SYMBOLIC)
  endforeach()
  set(${out} ${dir} PARENT_SCOPE)
endfunction()
