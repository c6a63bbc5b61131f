# The distribution's SuiteSparse (Debian/Ubuntu: libsuitesparse-dev), linked as shared libraries.
# Its BLAS is whatever Debian's alternatives select, so the thread policy finds OpenBLAS at run time.
find_path(CHOLMOD_INCLUDE_DIR cholmod.h PATH_SUFFIXES suitesparse)
find_library(CHOLMOD_LIBRARY cholmod)
find_library(SUITESPARSECONFIG_LIBRARY suitesparseconfig)
if(NOT CHOLMOD_INCLUDE_DIR OR NOT CHOLMOD_LIBRARY OR NOT SUITESPARSECONFIG_LIBRARY)
  message(FATAL_ERROR "The system SuiteSparse was not found (cholmod.h, libcholmod, libsuitesparseconfig); "
                      "install libsuitesparse-dev, or use the bundled build")
endif()
add_library(spsolve_cholmod INTERFACE)
target_include_directories(spsolve_cholmod INTERFACE ${CHOLMOD_INCLUDE_DIR})
target_link_libraries(spsolve_cholmod INTERFACE ${CHOLMOD_LIBRARY} ${SUITESPARSECONFIG_LIBRARY} ${CMAKE_DL_LIBS})
# Its libmetis draws from libc's process-wide rand(): analyses are serialised to stay
# reproducible under concurrency (analyzeReproducibly, native/cholmod/factor.h).
target_compile_definitions(spsolve_cholmod INTERFACE SPSOLVE_SHARED_METIS_RANDOM)

find_package(LAPACK REQUIRED)
add_library(spsolve_blas INTERFACE)
target_link_libraries(spsolve_blas INTERFACE ${LAPACK_LIBRARIES})

# UMFPACK, KLU and BTF from the same distribution (same 5.12.0 code as the bundled build).
find_library(UMFPACK_LIBRARY umfpack)
find_library(KLU_LIBRARY klu)
find_library(BTF_LIBRARY btf)
find_library(AMD_LIBRARY amd)
find_library(COLAMD_LIBRARY colamd)
if(NOT UMFPACK_LIBRARY OR NOT KLU_LIBRARY OR NOT BTF_LIBRARY OR NOT AMD_LIBRARY OR NOT COLAMD_LIBRARY)
  message(FATAL_ERROR "The system UMFPACK/KLU/BTF were not found (libumfpack, libklu, libbtf, libamd, libcolamd); "
                      "install libsuitesparse-dev, or use the bundled build")
endif()
add_library(spsolve_lu INTERFACE)
target_include_directories(spsolve_lu INTERFACE ${CHOLMOD_INCLUDE_DIR})
target_link_libraries(spsolve_lu INTERFACE ${UMFPACK_LIBRARY} ${KLU_LIBRARY} ${BTF_LIBRARY} ${AMD_LIBRARY} ${COLAMD_LIBRARY} ${SUITESPARSECONFIG_LIBRARY})
