"""SciPy peer of bench/peers.ts:  python3 peer.py METHOD MATRIX.bin X.bin REPEATS

METHOD 'splu' times splu(A) (SuperLU, default COLAMD column ordering) and lu.solve(b) separately;
'splu-mmd' the same with the symmetric ordering MMD(A'+A) and diagonal pivoting preferred;
'spsolve' times scipy.sparse.linalg.spsolve(A, b). MATRIX.bin is the C driver's format (lower
triangle). Prints one JSON line and writes x to X.bin."""
import json, sys, time
import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import splu, spsolve

method, matrix, out, repeats = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with open(matrix, 'rb') as f:
    n, nnz = np.frombuffer(f.read(16), dtype='<i8')
    stype = int(np.frombuffer(f.read(4), dtype='<i4')[0])
    col_ptr = np.frombuffer(f.read(4 * (n + 1)), dtype='<i4')
    row_idx = np.frombuffer(f.read(4 * nnz), dtype='<i4')
    values = np.frombuffer(f.read(8 * nnz), dtype='<f8')
    b = np.frombuffer(f.read(8 * n), dtype='<f8').copy()
lower = sp.csc_matrix((values, row_idx, col_ptr), shape=(n, n))
# stype 0: a general matrix with both triangles stored (bench/lu.ts).
A = lower if stype == 0 else (lower + lower.T - sp.diags(lower.diagonal())).tocsc()
A.sort_indices()

best = {'total': float('inf'), 'factor': float('inf'), 'solve': float('inf')}
nnz_lu = 0
for _ in range(repeats):
    if method == 'spsolve':
        t = time.perf_counter(); x = spsolve(A, b); best['total'] = min(best['total'], time.perf_counter() - t)
        continue
    opts = {} if method == 'splu' else {'permc_spec': 'MMD_AT_PLUS_A', 'diag_pivot_thresh': 0.0}
    t = time.perf_counter(); lu = splu(A, **opts); tf = time.perf_counter() - t
    t = time.perf_counter(); x = lu.solve(b); ts = time.perf_counter() - t
    best = {'total': min(best['total'], tf + ts), 'factor': min(best['factor'], tf), 'solve': min(best['solve'], ts)}
    nnz_lu = int(lu.L.nnz + lu.U.nnz)
np.asarray(x, dtype='<f8').tofile(out)
print(json.dumps({**{k: (v if v != float('inf') else None) for k, v in best.items()}, 'nnzLU': nnz_lu}))
