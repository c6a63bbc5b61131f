# SuiteSparseQR (SPQR, GPL-2+): multifrontal, rank-revealing sparse QR, used through its C++
# interface on cholmod_l (native/spqr/). Linked into the addon through spsolve_cholmod, so every
# addon target and the bench driver get it with no other change.
#
#   bundled  SPQR 2.0.9 from the pinned source, static, on our CHOLMOD: no TBB (HAVE_TBB unset),
#            no GPU (GPU_BLAS unset), NPARTITION unset so its METIS ordering is CHOLMOD's METIS.
#            Its Householder kernels call LAPACK (dlarft, dlarfb, dlarfg, dlarf) from spsolve_blas.
#   system   Debian's libspqr (libsuitesparse-dev).
# Without CHOLMOD's GPL modules (SPSOLVE_GPL=OFF) SPQR, GPL itself, is left out: native/spqr
# compiles to nothing under NGPL and the addon has no QR exports.
if(SPSOLVE_SUITESPARSE STREQUAL "bundled")
  if(SPSOLVE_GPL)
    file(GLOB spqr_sources ${SS}/SPQR/Source/*.cpp)
    add_library(ss_spqr STATIC ${spqr_sources})
    target_include_directories(ss_spqr PUBLIC ${SS}/SPQR/Include)
    target_link_libraries(ss_spqr PUBLIC ss_cholmod)
    target_compile_options(ss_spqr PRIVATE -w)
    spsolve_use_tiled_blas(ss_spqr)
    target_link_libraries(spsolve_cholmod INTERFACE ss_spqr)
  endif()
else()
  find_library(SPQR_LIBRARY spqr)
  if(NOT SPQR_LIBRARY)
    message(FATAL_ERROR "The system SuiteSparseQR was not found (libspqr); install libsuitesparse-dev, or use the bundled build")
  endif()
  target_link_libraries(spsolve_cholmod INTERFACE ${SPQR_LIBRARY})
endif()
