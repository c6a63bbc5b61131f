# `spsolve_tiled_blas`: native/blas/, the tiled BLAS and the tile team (native/blas/tiled_blas.h),
# in every flavour: the addon's own BLAS-3 (the selected inverse) calls it directly.
# spsolve_use_tiled_blas(<target>) makes a bundled SuiteSparse library call it too: its sources are
# compiled with the Fortran names of the routines it spends its time in renamed to the tiled ones
# (CHOLMOD, UMFPACK and SPQR name them through macros that expand to these tokens), so the factor
# is the same bits whatever the thread count. The system flavour's libcholmod calls OpenBLAS
# directly; there OpenBLAS runs on one thread (native/core/threads.h).
file(GLOB tiled_blas_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/native/blas/*.cc)
add_library(spsolve_tiled_blas STATIC ${tiled_blas_sources})
target_include_directories(spsolve_tiled_blas PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/native)
target_compile_options(spsolve_tiled_blas PRIVATE -Wall -Wextra)
# C++17 (std::clamp) on every compiler the builds use, GCC 10 of the prebuilt build included.
set_target_properties(spsolve_tiled_blas PROPERTIES CXX_STANDARD 17 CXX_STANDARD_REQUIRED ON)
if(SPSOLVE_SUITESPARSE STREQUAL "bundled")
  target_compile_definitions(spsolve_tiled_blas PRIVATE SPSOLVE_LINKS_OPENBLAS)
endif()
# The team's helpers are std::threads (libpthread is separate before glibc 2.34: the prebuilt
# addon is linked on Debian 11).
target_compile_options(spsolve_tiled_blas PUBLIC -pthread)
target_link_libraries(spsolve_tiled_blas PUBLIC pthread ${CMAKE_DL_LIBS})

set(SPSOLVE_TILED_ROUTINES dgemm dsyrk dsymm dtrsm dgemv dpotrf dlarfb)
function(spsolve_use_tiled_blas target)
  foreach(routine ${SPSOLVE_TILED_ROUTINES})
    target_compile_definitions(${target} PRIVATE ${routine}_=spsolve_${routine}_)
  endforeach()
  target_link_libraries(${target} PUBLIC spsolve_tiled_blas)
endfunction()
