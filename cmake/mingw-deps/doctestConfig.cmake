# MinGW build: answers find_package() with Debian's header-only library (see include_dir.cmake).
include(${CMAKE_CURRENT_LIST_DIR}/include_dir.cmake)
if(NOT TARGET doctest::doctest)
  loopstep_mingw_include_dir(dir doctest)
  add_library(doctest::doctest INTERFACE IMPORTED)
  set_target_properties(doctest::doctest PROPERTIES INTERFACE_INCLUDE_DIRECTORIES ${dir})
endif()
