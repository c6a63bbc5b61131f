# SuiteSparse 5.12.0 from the pinned source (scripts/fetch-suitesparse puts it in deps/): the parts
# CHOLMOD needs, as static, position-independent libraries. spsolve uses only CHOLMOD's 64-bit
# interface (cholmod_l_*), so every file is compiled once with -DDLONG, not twice as SuiteSparse's
# own Makefiles do. CUDA stays off even when nvcc is installed: nothing here defines GPU_BLAS.
set(SUITESPARSE_SRC "${CMAKE_CURRENT_SOURCE_DIR}/deps/SuiteSparse-5.12.0" CACHE PATH
    "SuiteSparse 5.12.0 source tree (scripts/fetch-suitesparse puts it here)")
if(NOT EXISTS "${SUITESPARSE_SRC}/CHOLMOD/Include/cholmod.h")
  message(FATAL_ERROR "SuiteSparse source not found at ${SUITESPARSE_SRC}; run `npm run fetch` (scripts/fetch-suitesparse) first")
endif()
set(SS "${SUITESPARSE_SRC}")
set(SS_LONG_DEFS DLONG NTIMER)

add_library(ss_config STATIC ${SS}/SuiteSparse_config/SuiteSparse_config.c)
target_include_directories(ss_config PUBLIC ${SS}/SuiteSparse_config)

function(ss_ordering_library name dir prefix)
  file(GLOB sources ${SS}/${dir}/Source/${prefix}*.c)
  list(FILTER sources EXCLUDE REGEX "_dump\\.c$")
  add_library(${name} STATIC ${sources})
  target_include_directories(${name} PUBLIC ${SS}/${dir}/Include)
  target_compile_definitions(${name} PRIVATE ${SS_LONG_DEFS})
  target_link_libraries(${name} PUBLIC ss_config)
endfunction()
ss_ordering_library(ss_amd AMD amd_)
ss_ordering_library(ss_camd CAMD camd_)
ss_ordering_library(ss_colamd COLAMD colamd)
ss_ordering_library(ss_ccolamd CCOLAMD ccolamd)

# METIS 5.1.0 as shipped with SuiteSparse (idx_t is 64-bit, matching SuiteSparse_long).
file(GLOB gklib_sources ${SS}/metis-5.1.0/GKlib/*.c)
file(GLOB metis_sources ${SS}/metis-5.1.0/libmetis/*.c)
add_library(ss_metis STATIC ${gklib_sources} ${metis_sources})
target_include_directories(ss_metis PUBLIC ${SS}/metis-5.1.0/include
                           PRIVATE ${SS}/metis-5.1.0/GKlib ${SS}/metis-5.1.0/libmetis)
target_compile_definitions(ss_metis PRIVATE LINUX _FILE_OFFSET_BITS=64 NDEBUG2 HAVE_EXECINFO_H HAVE_GETLINE)
target_compile_options(ss_metis PRIVATE -std=c99 -fno-strict-aliasing -w)

set(CHOLMOD_MODULES Core Check Cholesky Partition)
if(SPSOLVE_GPL)
  list(APPEND CHOLMOD_MODULES Supernodal Modify MatrixOps)
endif()
set(cholmod_sources)
foreach(module ${CHOLMOD_MODULES})
  file(GLOB module_sources ${SS}/CHOLMOD/${module}/cholmod_*.c)
  list(APPEND cholmod_sources ${module_sources})
endforeach()
list(FILTER cholmod_sources EXCLUDE REGEX "cholmod_gpu")
add_library(ss_cholmod STATIC ${cholmod_sources})
target_include_directories(ss_cholmod PUBLIC ${SS}/CHOLMOD/Include)
target_compile_definitions(ss_cholmod PRIVATE ${SS_LONG_DEFS})
if(NOT SPSOLVE_GPL)
  target_compile_definitions(ss_cholmod PUBLIC NGPL)
endif()
target_link_libraries(ss_cholmod PUBLIC ss_amd ss_camd ss_colamd ss_ccolamd ss_metis ss_config m)

add_library(spsolve_cholmod INTERFACE)
target_link_libraries(spsolve_cholmod INTERFACE ss_cholmod)
# The bundled build always links OpenBLAS (shared or, for the prebuilt addon, static), so the
# thread policy calls it directly instead of looking it up at run time.
target_compile_definitions(spsolve_cholmod INTERFACE SPSOLVE_LINKS_OPENBLAS)

set(BLA_VENDOR OpenBLAS)
find_package(BLAS REQUIRED)
find_package(LAPACK REQUIRED)
add_library(spsolve_blas INTERFACE)
target_link_libraries(spsolve_blas INTERFACE ${LAPACK_LIBRARIES} ${BLAS_LIBRARIES})
