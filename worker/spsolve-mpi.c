/*
 * spsolve-mpi: the MPI worker behind lib/remote (MUMPS over MPI, outside the Node process).
 *
 *   mpirun -np K spsolve-mpi --socket /tmp/x/sock --parent-pid PID
 *
 * Rank 0 connects to the Unix socket the Node process listens on and serves the requests of
 * worker/protocol.h one at a time; for each collective step it broadcasts a small command to the
 * other ranks, which otherwise only wait for the next one. The matrix arrives on rank 0 in
 * chunks, is cut into K contiguous ranges of entries and scattered (MUMPS's distributed assembled
 * input, ICNTL(18) = 3): after the scatter each rank holds its share, and the factor lives only
 * distributed across the ranks.
 *
 * No orphans: every rank asks the kernel for SIGKILL when its parent (orted / mpirun) dies, and a
 * watchdog thread on rank 0 kills rank 0 as soon as the socket's peer hangs up or the Node process
 * is gone, even while rank 0 is inside a long factorisation; mpirun then tears the job down.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <metis.h>
#include <mpi.h>
#include <dmumps_c.h>

#include "protocol.h"

#define MAX_OBJECTS 256
#define ICNTL(i) icntl[(i) - 1]
#define INFOG(i) infog[(i) - 1]
#define RINFOG(i) rinfog[(i) - 1]
#define INFO(i) info[(i) - 1]

/* The command rank 0 broadcasts before each collective step. */
typedef struct {
  int32_t op, slot, kind, ordering;
  int64_t n, nnz;
  int32_t nrhs, transpose;
} command;

typedef struct {
  int used, phase; /* phase: 0 created, 1 analysed, 2 factorised */
  uint32_t generation;
  int kind;
  int64_t n, nnz;
  DMUMPS_STRUC_C mumps;
  /* This rank's share of the entries (1-based indices, as MUMPS wants them). */
  int64_t local_count;
  MUMPS_INT *irn_loc, *jcn_loc;
  double *a_loc;
  /* Rank 0 only: the uploaded matrix, how the entries are cut, the per-rank memory. */
  int32_t *colptr, *rowidx;
  double *values;
  int *counts, *displs;
  MUMPS_INT* perm_in; /* METIS's ordering, when the host computed it */
  double *rank_memory; /* 3 per rank */
  double seconds[4];   /* analyse (with a host ordering), factorize, scatter, last solve */
} object;

static object objects[MAX_OBJECTS];
static int rank, ranks;
static int sock = -1;
static pid_t parent_pid;
static volatile int shutting_down;

/* ---------------------------------------------------------------- socket I/O (rank 0) */

static void die(const char* why) {
  fprintf(stderr, "spsolve-mpi: %s\n", why);
  MPI_Abort(MPI_COMM_WORLD, 3);
  _exit(3);
}

static void read_full(void* buffer, size_t bytes) {
  char* p = buffer;
  while (bytes > 0) {
    ssize_t got = read(sock, p, bytes);
    if (got == 0) die("the Node process closed the socket");
    if (got < 0) {
      if (errno == EINTR) continue;
      die("socket read failed");
    }
    p += got;
    bytes -= (size_t)got;
  }
}

static void write_full(const void* buffer, size_t bytes) {
  const char* p = buffer;
  while (bytes > 0) {
    ssize_t put = send(sock, p, bytes, MSG_NOSIGNAL);
    if (put < 0) {
      if (errno == EINTR) continue;
      die("socket write failed");
    }
    p += put;
    bytes -= (size_t)put;
  }
}

static void reply(const spmpi_header* request, int32_t status, uint64_t arg, const void* payload, uint64_t length) {
  spmpi_header h = {SPMPI_MAGIC, SPMPI_VERSION, request->engine, request->op, request->id, status, length, arg};
  write_full(&h, sizeof h);
  if (length > 0) write_full(payload, length);
}

static void reply_error(const spmpi_header* request, int32_t status, const char* format, ...) {
  char message[512];
  va_list args;
  va_start(args, format);
  vsnprintf(message, sizeof message, format, args);
  va_end(args);
  reply(request, status, 0, message, strlen(message));
}

/* Reads and drops a payload the request cannot use, so the stream stays in step. */
static void skip_payload(uint64_t length) {
  char scratch[65536];
  while (length > 0) {
    size_t part = length < sizeof scratch ? (size_t)length : sizeof scratch;
    read_full(scratch, part);
    length -= part;
  }
}

/* ---------------------------------------------------------------- watchdog (rank 0) */

static void* watchdog(void* unused) {
  (void)unused;
  for (;;) {
    struct pollfd p = {sock, POLLRDHUP, 0};
    int ready = poll(&p, 1, 100);
    int hung_up = ready > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR));
    int parent_gone = parent_pid > 0 && kill(parent_pid, 0) != 0 && errno == ESRCH;
    if ((hung_up || parent_gone) && !shutting_down) {
      /* SIGKILL, not MPI_Abort: this thread may not call MPI, and rank 0 may be deep in MUMPS.
         mpirun sees rank 0 killed and ends every other rank. */
      kill(getpid(), SIGKILL);
    }
  }
  return NULL;
}

/* ---------------------------------------------------------------- objects */

static object* lookup(int32_t key) {
  if (key <= 0) return NULL;
  int slot = key & 0xff;
  uint32_t generation = (uint32_t)key >> 8;
  object* o = &objects[slot];
  return o->used && o->generation == generation ? o : NULL;
}

static int32_t key_of(int slot) { return (int32_t)((objects[slot].generation << 8) | (uint32_t)slot); }

static void run_mumps(object* o, int job) {
  o->mumps.job = job;
  dmumps_c(&o->mumps);
}

/* MUMPS's status, the same on every rank after a collective call, as a protocol status. */
static int32_t status_of(const object* o) {
  int e = o->mumps.INFOG(1);
  if (e >= 0) return SPMPI_STATUS_OK;
  if (e == -10 || e == -6) return o->kind == SPMPI_KIND_CHOLESKY && e == -10 ? SPMPI_STATUS_NOT_SPD : SPMPI_STATUS_SINGULAR;
  if (e == -5 || e == -7 || e == -13 || e == -8 || e == -9 || e == -14 || e == -15 || e == -17 || e == -20) return SPMPI_STATUS_MEMORY;
  return SPMPI_STATUS_ENGINE;
}

static void free_arrays(object* o) {
  free(o->irn_loc); free(o->jcn_loc); free(o->a_loc);
  free(o->colptr); free(o->rowidx); free(o->values);
  free(o->counts); free(o->displs); free(o->rank_memory); free(o->perm_in);
  o->perm_in = NULL;
  o->irn_loc = o->jcn_loc = NULL; o->a_loc = NULL;
  o->colptr = o->rowidx = NULL; o->values = NULL;
  o->counts = o->displs = NULL; o->rank_memory = NULL;
}

/* Rank r holds entries [displs[r], displs[r] + counts[r]): K contiguous, nearly equal ranges. */
static void cut_entries(object* o) {
  o->counts = malloc(sizeof(int) * (size_t)ranks);
  o->displs = malloc(sizeof(int) * (size_t)ranks);
  for (int r = 0; r < ranks; r++) {
    int64_t begin = o->nnz * r / ranks, end = o->nnz * (r + 1) / ranks;
    o->displs[r] = (int)begin;
    o->counts[r] = (int)(end - begin);
  }
}

static void gather_memory(object* o) {
  double mine[3] = {o->mumps.INFO(15), o->mumps.INFO(16), o->mumps.INFO(22)};
  if (rank == 0 && !o->rank_memory) o->rank_memory = calloc((size_t)ranks * 3, sizeof(double));
  MPI_Gather(mine, 3, MPI_DOUBLE, o->rank_memory, 3, MPI_DOUBLE, 0, MPI_COMM_WORLD);
}

/* A count MUMPS reports as an int, negative when it is in millions. */
static double mumps_count(int value) { return value < 0 ? -1e6 * value : value; }

/* ---------------------------------------------------------------- collective steps (every rank) */

static void do_create(const command* c) {
  object* o = &objects[c->slot];
  o->used = 1;
  o->phase = 0;
  o->kind = c->kind;
  o->n = c->n;
  o->nnz = c->nnz;
  memset(&o->mumps, 0, sizeof o->mumps);
  o->mumps.comm_fortran = (MUMPS_INT)MPI_Comm_c2f(MPI_COMM_WORLD);
  o->mumps.par = 1; /* the host works too */
  o->mumps.sym = c->kind == SPMPI_KIND_CHOLESKY ? 1 : c->kind == SPMPI_KIND_LDLT ? 2 : 0;
  run_mumps(o, -1);
  o->mumps.ICNTL(1) = -1; /* no output: errors travel as statuses */
  o->mumps.ICNTL(2) = -1;
  o->mumps.ICNTL(3) = -1;
  o->mumps.ICNTL(4) = 0;
  o->mumps.ICNTL(14) = 40; /* working-space margin over the analysis estimate, in % */
  o->mumps.ICNTL(18) = 3;  /* distributed assembled input */
  o->mumps.ICNTL(33) = 1;  /* the determinant, computed during the factorisation */
}

static void do_analyse(const command* c, int32_t* irn, int32_t* jcn) {
  object* o = &objects[c->slot];
  o->nnz = c->nnz;
  int count = 0;
  if (rank == 0) count = o->counts[0];
  MPI_Scatter(rank == 0 ? o->counts : NULL, 1, MPI_INT, &count, 1, MPI_INT, 0, MPI_COMM_WORLD);
  o->local_count = count;
  o->irn_loc = malloc(sizeof(MUMPS_INT) * (size_t)(count > 0 ? count : 1));
  o->jcn_loc = malloc(sizeof(MUMPS_INT) * (size_t)(count > 0 ? count : 1));
  MPI_Scatterv(irn, o->counts, o->displs, MPI_INT, o->irn_loc, count, MPI_INT, 0, MPI_COMM_WORLD);
  MPI_Scatterv(jcn, o->counts, o->displs, MPI_INT, o->jcn_loc, count, MPI_INT, 0, MPI_COMM_WORLD);
  o->mumps.n = (MUMPS_INT)o->n;
  o->mumps.nnz_loc = count;
  o->mumps.irn_loc = o->irn_loc;
  o->mumps.jcn_loc = o->jcn_loc;
  switch (c->ordering) {
    case SPMPI_ORDERING_PTSCOTCH: o->mumps.ICNTL(28) = 2; o->mumps.ICNTL(29) = 1; break;
    case SPMPI_ORDERING_METIS: /* computed on rank 0 (metis_ordering) */
      o->mumps.ICNTL(28) = 1;
      o->mumps.ICNTL(7) = 1;
      if (rank == 0) o->mumps.perm_in = o->perm_in;
      break;
    case SPMPI_ORDERING_SCOTCH: o->mumps.ICNTL(28) = 1; o->mumps.ICNTL(7) = 3; break;
    case SPMPI_ORDERING_AMD: o->mumps.ICNTL(28) = 1; o->mumps.ICNTL(7) = 0; break;
    default: o->mumps.ICNTL(28) = 0; o->mumps.ICNTL(7) = 7; break;
  }
  double start = MPI_Wtime();
  run_mumps(o, 1);
  o->seconds[0] = MPI_Wtime() - start;
  o->phase = o->mumps.INFOG(1) >= 0 ? 1 : 0;
  gather_memory(o);
}

static void do_factorize(const command* c) {
  object* o = &objects[c->slot];
  double start = MPI_Wtime();
  if (!o->a_loc) o->a_loc = malloc(sizeof(double) * (size_t)(o->local_count > 0 ? o->local_count : 1));
  MPI_Scatterv(rank == 0 ? o->values : NULL, o->counts, o->displs, MPI_DOUBLE, o->a_loc, (int)o->local_count, MPI_DOUBLE, 0,
               MPI_COMM_WORLD);
  o->seconds[2] = MPI_Wtime() - start;
  o->mumps.a_loc = o->a_loc;
  start = MPI_Wtime();
  run_mumps(o, 2);
  /* Too little working space (-9, -8): grow the margin and retry, as the MUMPS guide advises. */
  for (int retry = 0; retry < 3 && (o->mumps.INFOG(1) == -9 || o->mumps.INFOG(1) == -8); retry++) {
    o->mumps.ICNTL(14) *= 2;
    run_mumps(o, 2);
  }
  o->seconds[1] = MPI_Wtime() - start;
  o->phase = o->mumps.INFOG(1) >= 0 ? 2 : 1;
  gather_memory(o);
}

static void do_solve(const command* c, double* rhs) {
  object* o = &objects[c->slot];
  o->mumps.ICNTL(9) = c->transpose ? 0 : 1; /* 1: A x = b; otherwise Aᵀ x = b */
  o->mumps.ICNTL(20) = 0;                    /* dense right-hand sides, on the host */
  o->mumps.ICNTL(21) = 0;                    /* the solution comes back to the host */
  o->mumps.nrhs = c->nrhs;
  o->mumps.lrhs = (MUMPS_INT)o->n;
  o->mumps.rhs = rhs;
  double start = MPI_Wtime();
  run_mumps(o, 3);
  o->seconds[3] = MPI_Wtime() - start;
  o->mumps.rhs = NULL;
}

static void do_free(const command* c) {
  object* o = &objects[c->slot];
  run_mumps(o, -2);
  free_arrays(o);
  o->used = 0;
  o->phase = 0;
}

static void do_ping(int32_t* pids) {
  int32_t mine = (int32_t)getpid();
  MPI_Gather(&mine, 1, MPI_INT32_T, pids, 1, MPI_INT32_T, 0, MPI_COMM_WORLD);
}

/* ---------------------------------------------------------------- the other ranks */

/* Waits for the next command without spinning a core (OpenMPI's blocking calls busy-poll). */
static void receive_command(command* c) {
  MPI_Request request;
  MPI_Ibcast(c, sizeof *c, MPI_BYTE, 0, MPI_COMM_WORLD, &request);
  int done = 0;
  struct timespec pause = {0, 200000};
  for (;;) {
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (done) return;
    nanosleep(&pause, NULL);
  }
}

/* A non-blocking broadcast too: MPI does not match a blocking collective with a non-blocking one. */
static void send_command(command* c) {
  MPI_Request request;
  MPI_Ibcast(c, sizeof *c, MPI_BYTE, 0, MPI_COMM_WORLD, &request);
  MPI_Wait(&request, MPI_STATUS_IGNORE);
}

static void serve_other_rank(void) {
  for (;;) {
    command c;
    receive_command(&c);
    switch (c.op) {
      case SPMPI_OP_CREATE: do_create(&c); break;
      case SPMPI_OP_ANALYSE: do_analyse(&c, NULL, NULL); break;
      case SPMPI_OP_FACTORIZE:
      case SPMPI_OP_REFACTOR: do_factorize(&c); break;
      case SPMPI_OP_SOLVE: do_solve(&c, NULL); break;
      case SPMPI_OP_FREE: do_free(&c); break;
      case SPMPI_OP_PING: do_ping(NULL); break;
      case SPMPI_OP_SHUTDOWN: return;
      default: die("unknown command");
    }
  }
}

/* ---------------------------------------------------------------- rank 0: the requests */

static void reply_info(const spmpi_header* h, const object* o) {
  size_t count = SPMPI_INFO_FIELDS + 3 * (size_t)ranks;
  double* info = calloc(count, sizeof(double));
  const DMUMPS_STRUC_C* m = &o->mumps;
  info[SPMPI_INFO_N] = (double)o->n;
  info[SPMPI_INFO_NNZ] = (double)o->nnz;
  info[SPMPI_INFO_RANKS] = ranks;
  info[SPMPI_INFO_PHASE] = o->phase;
  info[SPMPI_INFO_EST_FACTOR_ENTRIES] = mumps_count(m->INFOG(3));
  info[SPMPI_INFO_FACTOR_ENTRIES] = o->phase >= 2 ? mumps_count(m->INFOG(29)) : 0;
  info[SPMPI_INFO_EST_FLOPS] = m->RINFOG(1);
  info[SPMPI_INFO_FLOPS] = o->phase >= 2 ? m->RINFOG(3) : 0;
  info[SPMPI_INFO_EST_MEM_MAX_MB] = m->INFOG(16);
  info[SPMPI_INFO_EST_MEM_TOTAL_MB] = m->INFOG(17);
  info[SPMPI_INFO_MEM_MAX_MB] = o->phase >= 2 ? m->INFOG(21) : 0;
  info[SPMPI_INFO_MEM_TOTAL_MB] = o->phase >= 2 ? m->INFOG(22) : 0;
  info[SPMPI_INFO_DET_MANTISSA] = o->phase >= 2 ? m->RINFOG(12) : NAN;
  info[SPMPI_INFO_DET_EXPONENT] = o->phase >= 2 ? m->INFOG(34) : NAN;
  info[SPMPI_INFO_NEGATIVE_PIVOTS] = o->phase >= 2 ? m->INFOG(12) : 0;
  info[SPMPI_INFO_ORDERING] = m->INFOG(7);
  info[SPMPI_INFO_ANALYSE_SECONDS] = o->seconds[0];
  info[SPMPI_INFO_FACTORIZE_SECONDS] = o->seconds[1];
  info[SPMPI_INFO_SCATTER_SECONDS] = o->seconds[2];
  info[SPMPI_INFO_ANALYSIS_TYPE] = m->INFOG(32);
  info[SPMPI_INFO_SOLVE_SECONDS] = o->seconds[3];
  if (o->rank_memory) memcpy(info + SPMPI_INFO_FIELDS, o->rank_memory, sizeof(double) * 3 * (size_t)ranks);
  reply(h, SPMPI_STATUS_OK, 0, info, sizeof(double) * count);
  free(info);
}

static void reply_mumps_failure(const spmpi_header* h, const object* o, const char* phase) {
  reply_error(h, status_of(o), "MUMPS %s failed: INFOG(1)=%d, INFOG(2)=%d", phase, o->mumps.INFOG(1), o->mumps.INFOG(2));
}

static void handle_create(const spmpi_header* h) {
  int64_t sizes[2];
  if (h->length != sizeof sizes) { skip_payload(h->length); reply_error(h, SPMPI_STATUS_PROTOCOL, "create: payload must be 16 bytes"); return; }
  read_full(sizes, sizeof sizes);
  if (h->arg > SPMPI_KIND_LDLT) { reply_error(h, SPMPI_STATUS_PROTOCOL, "create: unknown kind %llu", (unsigned long long)h->arg); return; }
  if (sizes[0] < 1 || sizes[0] >= INT32_MAX || sizes[1] < 0 || sizes[1] >= INT32_MAX) {
    reply_error(h, SPMPI_STATUS_PROTOCOL, "create: n must be in [1, 2^31 - 1) and nnz in [0, 2^31 - 1)");
    return;
  }
  int slot = -1;
  for (int s = 0; s < MAX_OBJECTS && slot < 0; s++) if (!objects[s].used) slot = s;
  if (slot < 0) { reply_error(h, SPMPI_STATUS_MEMORY, "create: all %d slots are in use", MAX_OBJECTS); return; }
  object* o = &objects[slot];
  o->colptr = malloc(sizeof(int32_t) * (size_t)(sizes[0] + 1));
  o->rowidx = malloc(sizeof(int32_t) * (size_t)(sizes[1] > 0 ? sizes[1] : 1));
  o->values = malloc(sizeof(double) * (size_t)(sizes[1] > 0 ? sizes[1] : 1));
  if (!o->colptr || !o->rowidx || !o->values) { free_arrays(o); reply_error(h, SPMPI_STATUS_MEMORY, "create: out of memory on rank 0"); return; }
  o->generation = (o->generation + 1) & 0x7fffff;
  if (o->generation == 0) o->generation = 1;
  command c = {SPMPI_OP_CREATE, slot, (int32_t)h->arg, 0, sizes[0], sizes[1], 0, 0};
  send_command(&c);
  int32_t* keep_colptr = o->colptr; int32_t* keep_rowidx = o->rowidx; double* keep_values = o->values;
  do_create(&c);
  o->colptr = keep_colptr; o->rowidx = keep_rowidx; o->values = keep_values;
  if (o->mumps.INFOG(1) < 0) {
    reply_mumps_failure(h, o, "initialisation");
    return;
  }
  reply(h, SPMPI_STATUS_OK, (uint64_t)key_of(slot), NULL, 0);
}

static void handle_upload(const spmpi_header* h, object* o) {
  int64_t offset;
  if (h->length < sizeof offset || o->phase > 1 + (h->arg == SPMPI_ARRAY_VALUES)) {
    skip_payload(h->length);
    reply_error(h, SPMPI_STATUS_PROTOCOL, "upload: bad payload or state");
    return;
  }
  read_full(&offset, sizeof offset);
  uint64_t bytes = h->length - sizeof offset;
  size_t element = h->arg == SPMPI_ARRAY_VALUES ? sizeof(double) : sizeof(int32_t);
  int64_t size = h->arg == SPMPI_ARRAY_COLPTR ? o->n + 1 : o->nnz;
  char* base = h->arg == SPMPI_ARRAY_COLPTR ? (char*)o->colptr : h->arg == SPMPI_ARRAY_ROWIDX ? (char*)o->rowidx
             : h->arg == SPMPI_ARRAY_VALUES ? (char*)o->values : NULL;
  if (!base || bytes % element != 0 || offset < 0 || offset + (int64_t)(bytes / element) > size) {
    skip_payload(bytes);
    reply_error(h, SPMPI_STATUS_PROTOCOL, "upload: array %llu, offset %lld, %llu bytes does not fit", (unsigned long long)h->arg,
                (long long)offset, (unsigned long long)bytes);
    return;
  }
  if (!o->values && h->arg == SPMPI_ARRAY_VALUES) { skip_payload(bytes); reply_error(h, SPMPI_STATUS_STATE, "upload: no value buffer"); return; }
  read_full(base + (size_t)offset * element, bytes);
  reply(h, SPMPI_STATUS_OK, 0, NULL, 0);
}

/* The one check of an uploaded matrix, on rank 0, before anything is scattered. */
static const char* check_structure(const object* o) {
  if (o->colptr[0] != 0 || o->colptr[o->n] != o->nnz) return "colPtr must start at 0 and end at nnz";
  for (int64_t j = 0; j < o->n; j++) {
    if (o->colptr[j + 1] < o->colptr[j]) return "colPtr must be non-decreasing";
    for (int64_t k = o->colptr[j]; k < o->colptr[j + 1]; k++) {
      int32_t i = o->rowidx[k];
      if (i < 0 || i >= o->n) return "row index out of range";
      if (k > o->colptr[j] && i <= o->rowidx[k - 1]) return "row indices must increase within a column";
      if (o->kind != SPMPI_KIND_LU && i < j) return "a symmetric kind takes the lower triangle only";
    }
  }
  return NULL;
}

/*
 * A nested-dissection ordering of A + Aᵀ by METIS on rank 0, as MUMPS's PERM_IN (1-based
 * position of each variable in the pivot order). Debian's MUMPS is built without METIS, so the
 * worker calls the system's libmetis itself. Returns 0 on failure (MUMPS then orders by itself).
 */
static int metis_ordering(object* o) {
  int64_t n = o->n;
  idx_t* degree = calloc((size_t)n + 1, sizeof(idx_t));
  for (int64_t j = 0; j < n; j++)
    for (int64_t k = o->colptr[j]; k < o->colptr[j + 1]; k++)
      if (o->rowidx[k] != j) { degree[o->rowidx[k]]++; degree[j]++; }
  idx_t* xadj = malloc(sizeof(idx_t) * ((size_t)n + 1));
  xadj[0] = 0;
  for (int64_t i = 0; i < n; i++) xadj[i + 1] = xadj[i] + degree[i];
  idx_t* adjncy = malloc(sizeof(idx_t) * (size_t)(xadj[n] > 0 ? xadj[n] : 1));
  idx_t* fill = calloc((size_t)n, sizeof(idx_t));
  for (int64_t j = 0; j < n; j++)
    for (int64_t k = o->colptr[j]; k < o->colptr[j + 1]; k++) {
      int32_t i = o->rowidx[k];
      if (i == j) continue;
      adjncy[xadj[i] + fill[i]++] = (idx_t)j;
      adjncy[xadj[j] + fill[j]++] = i;
    }
  /* An unsymmetric pattern may hold (i, j) and (j, i): keep each neighbour once (METIS wants a simple graph). */
  idx_t* seen = malloc(sizeof(idx_t) * (size_t)n);
  for (int64_t i = 0; i < n; i++) seen[i] = -1;
  idx_t write = 0;
  for (int64_t i = 0; i < n; i++) {
    idx_t begin = xadj[i], end = xadj[i + 1];
    xadj[i] = write;
    for (idx_t k = begin; k < end; k++)
      if (seen[adjncy[k]] != (idx_t)i) { seen[adjncy[k]] = (idx_t)i; adjncy[write++] = adjncy[k]; }
  }
  xadj[n] = write;
  idx_t nvtxs = (idx_t)n, options[METIS_NOPTIONS];
  METIS_SetDefaultOptions(options);
  idx_t* perm = malloc(sizeof(idx_t) * (size_t)n);
  idx_t* iperm = malloc(sizeof(idx_t) * (size_t)n);
  int ok = METIS_NodeND(&nvtxs, xadj, adjncy, NULL, options, perm, iperm) == METIS_OK;
  if (ok) {
    o->perm_in = malloc(sizeof(MUMPS_INT) * (size_t)n);
    for (int64_t i = 0; i < n; i++) o->perm_in[i] = (MUMPS_INT)iperm[i] + 1;
  }
  free(degree); free(xadj); free(adjncy); free(fill); free(seen); free(perm); free(iperm);
  return ok;
}

static void handle_analyse(const spmpi_header* h, object* o) {
  if (o->phase != 0) { reply_error(h, SPMPI_STATUS_STATE, "analyse: already analysed"); return; }
  const char* problem = check_structure(o);
  if (problem) { reply_error(h, SPMPI_STATUS_PROTOCOL, "analyse: %s", problem); return; }
  int32_t* irn = malloc(sizeof(int32_t) * (size_t)(o->nnz > 0 ? o->nnz : 1));
  int32_t* jcn = malloc(sizeof(int32_t) * (size_t)(o->nnz > 0 ? o->nnz : 1));
  for (int64_t j = 0; j < o->n; j++)
    for (int64_t k = o->colptr[j]; k < o->colptr[j + 1]; k++) {
      irn[k] = o->rowidx[k] + 1;
      jcn[k] = (int32_t)j + 1;
    }
  cut_entries(o);
  int32_t ordering = (int32_t)h->arg;
  double start = MPI_Wtime();
  if (ordering == SPMPI_ORDERING_METIS && !metis_ordering(o)) ordering = SPMPI_ORDERING_AUTO;
  double ordering_seconds = MPI_Wtime() - start;
  command c = {SPMPI_OP_ANALYSE, (int32_t)(h->key & 0xff), o->kind, ordering, o->n, o->nnz, 0, 0};
  send_command(&c);
  do_analyse(&c, irn, jcn);
  o->seconds[0] += ordering_seconds;
  free(irn);
  free(jcn);
  /* The structure lives on the ranks now; rank 0 keeps only the value buffer for refactors. */
  free(o->colptr); o->colptr = NULL;
  free(o->rowidx); o->rowidx = NULL;
  if (o->phase != 1) { reply_mumps_failure(h, o, "analysis"); return; }
  reply_info(h, o);
}

static void handle_factorize(const spmpi_header* h, object* o) {
  int refactor = h->op == SPMPI_OP_REFACTOR;
  if (o->phase < 1 || (refactor && o->phase < 1)) { reply_error(h, SPMPI_STATUS_STATE, "factorize: analyse first"); return; }
  for (int64_t k = 0; k < o->nnz; k++)
    if (!isfinite(o->values[k])) { reply_error(h, SPMPI_STATUS_PROTOCOL, "factorize: value %lld is not finite", (long long)k); return; }
  command c = {h->op, (int32_t)(h->key & 0xff), o->kind, 0, o->n, o->nnz, 0, 0};
  send_command(&c);
  do_factorize(&c);
  if (o->phase != 2) { reply_mumps_failure(h, o, "factorization"); return; }
  reply_info(h, o);
}

static void handle_solve(const spmpi_header* h, object* o) {
  int64_t nrhs = (int64_t)(h->arg & 0xffffffffu);
  int transpose = (int)(h->arg >> 32) & 1;
  if (o->phase != 2) { skip_payload(h->length); reply_error(h, SPMPI_STATUS_STATE, "solve: not factorised"); return; }
  if (nrhs < 1 || h->length != (uint64_t)(o->n * nrhs) * sizeof(double)) {
    skip_payload(h->length);
    reply_error(h, SPMPI_STATUS_PROTOCOL, "solve: payload must be n * nrhs doubles");
    return;
  }
  double* rhs = malloc(h->length);
  if (!rhs) { skip_payload(h->length); reply_error(h, SPMPI_STATUS_MEMORY, "solve: out of memory on rank 0"); return; }
  read_full(rhs, h->length);
  command c = {SPMPI_OP_SOLVE, (int32_t)(h->key & 0xff), o->kind, 0, o->n, o->nnz, (int32_t)nrhs, transpose};
  send_command(&c);
  do_solve(&c, rhs);
  if (o->mumps.INFOG(1) < 0) reply_mumps_failure(h, o, "solve");
  else reply(h, SPMPI_STATUS_OK, 0, rhs, h->length);
  free(rhs);
}

static void serve_rank0(void) {
  for (;;) {
    spmpi_header h;
    read_full(&h, sizeof h);
    if (h.magic != SPMPI_MAGIC || h.version != SPMPI_VERSION) die("bad magic or protocol version");
    if (h.length > SPMPI_MAX_PAYLOAD) die("payload too large");
    if (h.op == SPMPI_OP_PING) {
      skip_payload(h.length);
      command c = {SPMPI_OP_PING, 0, 0, 0, 0, 0, 0, 0};
      send_command(&c);
      int32_t* answer = malloc(sizeof(int32_t) * (size_t)(ranks + 1));
      answer[0] = ranks;
      do_ping(answer + 1);
      reply(&h, SPMPI_STATUS_OK, 0, answer, sizeof(int32_t) * (size_t)(ranks + 1));
      free(answer);
      continue;
    }
    if (h.op == SPMPI_OP_SHUTDOWN) {
      skip_payload(h.length);
      shutting_down = 1;
      for (int s = 0; s < MAX_OBJECTS; s++)
        if (objects[s].used) {
          command c = {SPMPI_OP_FREE, s, 0, 0, 0, 0, 0, 0};
          send_command(&c);
          do_free(&c);
        }
      command c = {SPMPI_OP_SHUTDOWN, 0, 0, 0, 0, 0, 0, 0};
      send_command(&c);
      reply(&h, SPMPI_STATUS_OK, 0, NULL, 0);
      return;
    }
    if (h.engine != SPMPI_ENGINE_MUMPS) { skip_payload(h.length); reply_error(&h, SPMPI_STATUS_PROTOCOL, "unknown engine %u", h.engine); continue; }
    if (h.op == SPMPI_OP_CREATE) { handle_create(&h); continue; }
    object* o = lookup(h.key);
    if (!o) { skip_payload(h.length); reply_error(&h, SPMPI_STATUS_BAD_KEY, "no object with key %d (freed, or never created)", h.key); continue; }
    switch (h.op) {
      case SPMPI_OP_UPLOAD: handle_upload(&h, o); break;
      case SPMPI_OP_ANALYSE: skip_payload(h.length); handle_analyse(&h, o); break;
      case SPMPI_OP_FACTORIZE:
      case SPMPI_OP_REFACTOR: skip_payload(h.length); handle_factorize(&h, o); break;
      case SPMPI_OP_SOLVE: handle_solve(&h, o); break;
      case SPMPI_OP_INFO: skip_payload(h.length); reply_info(&h, o); break;
      case SPMPI_OP_DETERMINANT: {
        skip_payload(h.length);
        if (o->phase != 2) { reply_error(&h, SPMPI_STATUS_STATE, "determinant: not factorised"); break; }
        double det[2] = {o->mumps.RINFOG(12), o->mumps.INFOG(34)};
        reply(&h, SPMPI_STATUS_OK, 0, det, sizeof det);
        break;
      }
      case SPMPI_OP_FREE: {
        skip_payload(h.length);
        command c = {SPMPI_OP_FREE, (int32_t)(h.key & 0xff), 0, 0, 0, 0, 0, 0};
        send_command(&c);
        do_free(&c);
        reply(&h, SPMPI_STATUS_OK, 0, NULL, 0);
        break;
      }
      default: skip_payload(h.length); reply_error(&h, SPMPI_STATUS_PROTOCOL, "unknown op %u", h.op);
    }
  }
}

static void connect_socket(const char* path) {
  struct sockaddr_un address = {0};
  address.sun_family = AF_UNIX;
  if (strlen(path) >= sizeof address.sun_path) die("socket path too long");
  strcpy(address.sun_path, path);
  sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (sock < 0 || connect(sock, (struct sockaddr*)&address, sizeof address) != 0) die("cannot connect to the socket");
}

int main(int argc, char** argv) {
  const char* socket_path = NULL;
  for (int a = 1; a + 1 < argc; a += 2) {
    if (strcmp(argv[a], "--socket") == 0) socket_path = argv[a + 1];
    else if (strcmp(argv[a], "--parent-pid") == 0) parent_pid = (pid_t)atol(argv[a + 1]);
  }
  if (argc == 2 && strcmp(argv[1], "--version") == 0) {
    printf("spsolve-mpi protocol %u, MUMPS %s\n", SPMPI_VERSION, MUMPS_VERSION);
    return 0;
  }
  /* Dies with its parent (orted or mpirun), whatever killed it. */
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  int provided;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  if (rank == 0) {
    if (!socket_path) die("usage: spsolve-mpi --socket PATH [--parent-pid PID]");
    connect_socket(socket_path);
    pthread_t thread;
    pthread_create(&thread, NULL, watchdog, NULL);
    pthread_detach(thread);
    serve_rank0();
  } else {
    serve_other_rank();
  }
  MPI_Finalize();
  return 0;
}
