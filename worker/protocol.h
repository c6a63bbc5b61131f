/*
 * The spsolve-mpi wire protocol, version 1: what the Node process (lib/remote/protocol.ts
 * mirrors this file) and rank 0 of the worker say to each other over one Unix domain socket.
 *
 * Every message is a 32-byte little-endian header followed by `length` payload bytes.
 * Requests and replies share the header; a reply carries the request's id and op, and its
 * `status` (0 = done; otherwise an SPMPI_STATUS_* code and a UTF-8 message as payload).
 * `engine` names the solver the request is for (MUMPS today), so another engine (a HYPRE
 * hierarchy) can be served by the same worker and framing. One request is in flight at a time.
 */
#ifndef SPSOLVE_MPI_PROTOCOL_H
#define SPSOLVE_MPI_PROTOCOL_H

#include <stdint.h>

#define SPMPI_MAGIC 0x504D5053u /* "SPMP" */
#define SPMPI_VERSION 1u
#define SPMPI_HEADER_BYTES 32u
/* The largest payload either side accepts in one message (uploads are chunked below it). */
#define SPMPI_MAX_PAYLOAD (64u << 20)

typedef struct {
  uint32_t magic;      /* SPMPI_MAGIC */
  uint16_t version;    /* SPMPI_VERSION */
  uint8_t engine;      /* SPMPI_ENGINE_* */
  uint8_t op;          /* SPMPI_OP_* */
  uint32_t id;         /* request id, echoed by the reply */
  int32_t key;         /* request: the object's key (0 = none); reply: status */
  uint64_t length;     /* payload bytes */
  uint64_t arg;        /* request: op argument (see each op); reply: the key of a created object */
} spmpi_header;

enum { SPMPI_ENGINE_NONE = 0, SPMPI_ENGINE_MUMPS = 1 };

enum {
  SPMPI_OP_PING = 1,        /* reply: int32 ranks, then int32 pid of each rank */
  SPMPI_OP_SHUTDOWN = 2,    /* reply, then every rank finalizes and exits */
  SPMPI_OP_CREATE = 3,      /* arg = kind; payload: int64 n, int64 nnz; reply arg = key */
  SPMPI_OP_UPLOAD = 4,      /* key; arg = array (SPMPI_ARRAY_*); payload: int64 offset, then the elements */
  SPMPI_OP_ANALYSE = 5,     /* key; arg = ordering (SPMPI_ORDERING_*); scatter entries, JOB=1; reply: info */
  SPMPI_OP_FACTORIZE = 6,   /* key; scatter values, JOB=2; reply: info */
  SPMPI_OP_SOLVE = 7,       /* key; arg = nrhs | transpose << 32; payload: n*nrhs doubles; reply: X */
  SPMPI_OP_REFACTOR = 8,    /* key; the uploaded values replace the old ones, JOB=2; reply: info */
  SPMPI_OP_DETERMINANT = 9, /* key; reply: double mantissa, double exponent (det = m * 2^e) */
  SPMPI_OP_INFO = 10,       /* key; reply: info */
  SPMPI_OP_FREE = 11        /* key; JOB=-2 on every rank */
};

enum { SPMPI_KIND_LU = 0, SPMPI_KIND_CHOLESKY = 1, SPMPI_KIND_LDLT = 2 };
enum { SPMPI_ARRAY_COLPTR = 0, SPMPI_ARRAY_ROWIDX = 1, SPMPI_ARRAY_VALUES = 2 };
/* PTSCOTCH: parallel, on every rank (ICNTL(28)=2); METIS: computed by rank 0 with the system METIS and
   given to MUMPS as PERM_IN (ICNTL(7)=1); SCOTCH and AMD: MUMPS's own sequential orderings on the host. */
enum { SPMPI_ORDERING_AUTO = 0, SPMPI_ORDERING_PTSCOTCH = 1, SPMPI_ORDERING_METIS = 2, SPMPI_ORDERING_AMD = 3, SPMPI_ORDERING_SCOTCH = 4 };

enum {
  SPMPI_STATUS_OK = 0,
  SPMPI_STATUS_PROTOCOL = 1,  /* malformed request: bad magic, version, op, sizes */
  SPMPI_STATUS_BAD_KEY = 2,   /* no such object (or a stale key) */
  SPMPI_STATUS_STATE = 3,     /* the request does not fit the object's state (solve before factorize) */
  SPMPI_STATUS_ENGINE = 4,    /* MUMPS failed: payload "INFOG(1)=..., INFOG(2)=...: text" */
  SPMPI_STATUS_SINGULAR = 5,  /* numerically or structurally singular */
  SPMPI_STATUS_NOT_SPD = 6,   /* LLᵀ met a non-positive pivot */
  SPMPI_STATUS_MEMORY = 7     /* out of memory on some rank */
};

/*
 * The info reply: SPMPI_INFO_FIELDS doubles, then three doubles per rank (estimated MB for the
 * factorisation in core INFO(15), MB allocated INFO(16), MB effectively used INFO(22)).
 */
enum {
  SPMPI_INFO_N = 0, SPMPI_INFO_NNZ, SPMPI_INFO_RANKS, SPMPI_INFO_PHASE, /* 1 analysed, 2 factorised */
  SPMPI_INFO_EST_FACTOR_ENTRIES,  /* INFOG(3), as a count */
  SPMPI_INFO_FACTOR_ENTRIES,      /* INFOG(29), as a count */
  SPMPI_INFO_EST_FLOPS,           /* RINFOG(1) */
  SPMPI_INFO_FLOPS,               /* RINFOG(3) */
  SPMPI_INFO_EST_MEM_MAX_MB,      /* INFOG(16) */
  SPMPI_INFO_EST_MEM_TOTAL_MB,    /* INFOG(17) */
  SPMPI_INFO_MEM_MAX_MB,          /* INFOG(21) */
  SPMPI_INFO_MEM_TOTAL_MB,        /* INFOG(22) */
  SPMPI_INFO_DET_MANTISSA,        /* RINFOG(12) */
  SPMPI_INFO_DET_EXPONENT,        /* INFOG(34) */
  SPMPI_INFO_NEGATIVE_PIVOTS,     /* INFOG(12) */
  SPMPI_INFO_ORDERING,            /* INFOG(7) */
  SPMPI_INFO_ANALYSE_SECONDS, SPMPI_INFO_FACTORIZE_SECONDS, SPMPI_INFO_SCATTER_SECONDS,
  SPMPI_INFO_ANALYSIS_TYPE,       /* INFOG(32): 1 sequential, 2 parallel */
  SPMPI_INFO_SOLVE_SECONDS,       /* the last solve, on the workers */
  SPMPI_INFO_FIELDS
};

#endif
