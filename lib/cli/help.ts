/**
 * The help texts of the `spsolve` command, one per command, all ending with the exit codes.
 * @internal
 * @module
 */

const EXIT_CODES = `Exit codes:
  0  success
  1  numerical failure: the matrix is singular or (for --method cholesky) not positive
     definite, a factorization ran out of memory
  2  usage error: unknown command or option, missing or bad argument
  3  input error: a file is missing, unreadable or malformed, or its matrix does not fit
     (not square, not symmetric, sizes of A and b differ)
  4  output error: a file cannot be written
  5  internal error (set SPSOLVE_DEBUG=1 for the stack trace)`;

const FACTOR_HELP = `  --ordering NAME   fill-reducing ordering: default (CHOLMOD's choice: AMD, or METIS
                    when AMD fills in much), best, amd, metis, nesdis, colamd, natural
  --mode NAME       auto (CHOLMOD picks by flop density), simplicial or supernodal
  --kind NAME       LLt (default) or LDLt (simplicial only)`;

const METHOD_HELP = `  --method NAME     auto (default): Cholesky for a symmetric matrix, LU (UMFPACK) when it
                    is unsymmetric or Cholesky finds it not positive definite, QR (SPQR)
                    when it is not square; cholesky, ldlt (CHOLMOD), lu (UMFPACK),
                    klu (KLU), qr (SPQR: least squares for a tall A, minimum norm for a
                    wide one). --ordering applies to lu/klu/qr too (lu: default, amd,
                    cholmod, metis, best, natural; klu: default, amd, colamd, natural;
                    qr: default, amd, metis, colamd, best, natural); --mode and --kind
                    to cholesky/ldlt only`;

const COMMON_HELP = `  -q, --quiet       no progress lines on stderr
  -h, --help        this help`;

export const HELP: Record<string, string> = {
  main: `spsolve — sparse direct solves with SuiteSparse (CHOLMOD Cholesky, UMFPACK and KLU LU, SPQR QR)

Usage:
  spsolve info  A.mtx [options]               size, pattern and factorization statistics
  spsolve solve A.mtx [b.mtx] [-o x.mtx]      solve A x = b, print the relative residual
  spsolve spy   A.mtx -o A.png [--factor]     picture of the pattern of A (or of L)
  spsolve <command> --help                    help for a command
  spsolve --version                           version, CHOLMOD version and build

Matrices are Matrix Market files (coordinate or array; real, integer or pattern;
general, symmetric or skew-symmetric). Progress lines go to stderr; results to stdout.

${EXIT_CODES}
`,
  info: `Usage: spsolve info A.mtx [options]

Reads A, factorizes it (Cholesky A = P L D Lᵀ Pᵀ, or LU P R⁻¹A Q = L U) and prints its
size, entries, symmetry, the method used and why, the ordering, nnz of the factors,
flops, memory and timings.

Options:
${METHOD_HELP}
${FACTOR_HELP}
  --json            print one JSON object instead of the table
${COMMON_HELP}

${EXIT_CODES}
`,
  solve: `Usage: spsolve solve A.mtx [b.mtx] [-o x.mtx] [options]

Solves A x = b with a sparse Cholesky factorization when A is symmetric positive
definite, else with a sparse LU, or with sparse QR when A is not square (least squares
for a tall A, the minimum-norm solution for a wide one; see --method), and prints the
method and why, and the relative residual ‖b − A x‖₂ / ‖b‖₂ (the largest over the
columns of b; for a tall A also the least-squares optimality ‖Aᵀr‖₂ / (‖A‖_F ‖r‖₂)). b may hold several columns (array or coordinate format); without b,
b is the vector of ones. x is written as a Matrix Market array.

Options:
  -o, --output FILE x.mtx to write the solution to ('-' for stdout; the report
                    then goes to stderr). Without -o, x is not written.
${METHOD_HELP}
${FACTOR_HELP}
${COMMON_HELP}

${EXIT_CODES}
`,
  spy: `Usage: spsolve spy A.mtx -o A.png|A.svg [options]

Draws the pattern of A — or with --factor, of its Cholesky factor L (in the
fill-reducing order, so the picture shows the fill-in). The format follows the
extension of the output file. Large matrices are binned: each pixel is a block of
entries, darker the more entries it holds.

Options:
  -o, --output FILE picture to write: .png or .svg
  --factor          draw L instead of A
  --size N          longer side of the picture in pixels (16..4096, default 512)
  --no-mirror       for a symmetric file, draw the stored triangle only
${FACTOR_HELP}
${COMMON_HELP}

${EXIT_CODES}
`,
};
