"""SciPy peer of bench/qr.ts:  python3 peer.py METHOD PROBLEM.bin X.bin REPEATS

METHOD 'lsqr' or 'lsmr': scipy.sparse.linalg's iterative least-squares solvers, with
atol = btol = 1e-12 (stop when ‖Aᵀr‖ / (‖A‖ ‖r‖) ≤ atol, or ‖r‖ ≤ btol ‖b‖ + atol ‖A‖ ‖x‖) and
up to 20 n iterations. PROBLEM.bin is bench/qr/driver.cc's format (m × n, m ≥ n). Prints one JSON
line (best time, iterations) and writes x to X.bin."""
import json, sys, time
import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import lsmr, lsqr

method, problem, out, repeats = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with open(problem, 'rb') as f:
    m, n, nnz = np.frombuffer(f.read(24), dtype='<i8')
    col_ptr = np.frombuffer(f.read(4 * (n + 1)), dtype='<i4')
    row_idx = np.frombuffer(f.read(4 * nnz), dtype='<i4')
    values = np.frombuffer(f.read(8 * nnz), dtype='<f8')
    b = np.frombuffer(f.read(8 * m), dtype='<f8').copy()
A = sp.csc_matrix((values, row_idx, col_ptr), shape=(m, n)).tocsr()

best, iterations = float('inf'), 0
for _ in range(repeats):
    t = time.perf_counter()
    if method == 'lsqr':
        result = lsqr(A, b, atol=1e-12, btol=1e-12, iter_lim=20 * n)
        x, iterations = result[0], int(result[2])
    else:
        result = lsmr(A, b, atol=1e-12, btol=1e-12, maxiter=20 * n)
        x, iterations = result[0], int(result[2])
    best = min(best, time.perf_counter() - t)
np.asarray(x, dtype='<f8').tofile(out)
print(json.dumps({'total': best, 'iterations': iterations}))
