# HYPRE 2.26.0 (BoomerAMG and the ParCSR Krylov solvers around it) from the pinned source
# (scripts/fetch-hypre puts it in deps/), as one static, position-independent library inside the
# addon: `spsolve_hypre`.
#
# Sequential: HYPRE_SEQUENTIAL gives HYPRE's own MPI stubs (utilities/mpistubs.c), so neither an MPI
# library nor MPI_Init is needed; no OpenMP, no GPU. BLAS and LAPACK are HYPRE's internal copies
# (blas/, lapack/, every symbol prefixed hypre_): BoomerAMG calls them only for the small dense
# coarsest-level solve and a few Krylov dot products, so OpenBLAS would buy nothing measurable,
# while the internal copies keep HYPRE's link independent of which BLAS the addon target uses
# (shared OpenBLAS, or the static one of the prebuilt addon) and of Fortran name mangling.
#
# HYPRE's own CMake (src/CMakeLists.txt) builds struct/sstruct solvers, FEI and Fortran wrappers we
# never call, and writes generated files into the source tree; instead this file compiles the
# directories BoomerAMG, the IJ interface and the ParCSR Krylov solvers need, taking each
# directory's source list from HYPRE's own CMakeLists.txt (its `set(SRCS …)` block), and generates
# HYPRE_config.h from HYPRE's template into the build tree. Configure reads only the local tree.
set(HYPRE_SRC "${CMAKE_CURRENT_SOURCE_DIR}/deps/hypre-2.26.0" CACHE PATH
    "HYPRE 2.26.0 source tree (scripts/fetch-hypre puts it here)")
set(HS "${HYPRE_SRC}/src")
if(NOT EXISTS "${HS}/parcsr_ls/par_amg.c")
  message(FATAL_ERROR "HYPRE source not found at ${HYPRE_SRC}; run `bash scripts/fetch-hypre` first")
endif()

# HYPRE_config.h: the sequential, host-only, internal-BLAS configuration, nothing printed on errors.
set(HYPRE_VERSION 2.26.0)
set(HYPRE_NUMBER 22600)
set(HYPRE_DATE 2022/10/14)
set(HYPRE_TIME 00:00:00)
set(HYPRE_BUGS https://github.com/hypre-space/hypre/issues)
set(HYPRE_SEQUENTIAL ON)
set(HYPRE_USING_HYPRE_BLAS ON)
set(HYPRE_USING_HYPRE_LAPACK ON)
set(HYPRE_USING_HOST_MEMORY ON)
set(hypre_config_dir "${CMAKE_CURRENT_BINARY_DIR}/hypre-config")
set(CMAKE_PROJECT_NAME_SAVED "${CMAKE_PROJECT_NAME}")
set(CMAKE_PROJECT_NAME HYPRE)
configure_file("${HS}/config/HYPRE_config.h.cmake.in" "${hypre_config_dir}/HYPRE_config.h")
set(CMAKE_PROJECT_NAME "${CMAKE_PROJECT_NAME_SAVED}")

set(HYPRE_DIRS utilities multivector krylov seq_mv parcsr_mv parcsr_block_mv distributed_matrix IJ_mv
    matrix_matrix parcsr_ls blas lapack distributed_ls/Euclid distributed_ls/ParaSails distributed_ls/pilut)
set(hypre_sources)
set(hypre_includes "${hypre_config_dir}" "${HS}")
foreach(dir ${HYPRE_DIRS})
  set(list_file "${HS}/${dir}/CMakeLists.txt")
  file(READ "${list_file}" text)
  string(REGEX MATCH "set\\((PILUT_)?SRCS[^)]*\\)" block "${text}")
  if(block STREQUAL "")
    message(FATAL_ERROR "${list_file}: no set(SRCS …) block; the HYPRE source is not the pinned 2.26.0")
  endif()
  string(REGEX REPLACE "^set\\((PILUT_)?SRCS|\\)$" "" block "${block}")
  string(REGEX REPLACE "#[^\n]*" "" block "${block}")
  string(REGEX REPLACE "[ \t\r\n]+" ";" names "${block}")
  foreach(name ${names})
    # Fortran wrappers and GPU-only files (empty without CUDA/SYCL) are left out.
    if(name STREQUAL "" OR name MATCHES "^F90_|_device[0-9a-z_]*\\.c$|^HYPRE_.*_f\\.c$")
      continue()
    endif()
    list(APPEND hypre_sources "${HS}/${dir}/${name}")
  endforeach()
  list(APPEND hypre_includes "${HS}/${dir}")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${list_file}")
endforeach()
list(APPEND hypre_includes "${HS}/distributed_ls")

add_library(spsolve_hypre STATIC ${hypre_sources})
target_include_directories(spsolve_hypre PUBLIC ${hypre_includes})
# HYPRE_config.h (generated above) comes first on the include path.
target_compile_options(spsolve_hypre PRIVATE -w)
target_link_libraries(spsolve_hypre PUBLIC m)
