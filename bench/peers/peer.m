% Octave peer of bench/peers.ts:  octave-cli peer.m METHOD MATRIX.bin X.bin REPEATS
% METHOD 'backslash' times x = A\b (CHOLMOD behind it for sparse SPD); 'chol' times
% [R,~,q] = chol(A,'vector') (analyse + factorise) and the two triangular solves separately.
% MATRIX.bin is the C driver's format (lower triangle). Prints one JSON line; writes x to X.bin.
args = argv();
method = args{1}; repeats = str2double(args{4});
f = fopen(args{2}, 'r');
n = fread(f, 1, "int64"); nnzA = fread(f, 1, "int64"); stype = fread(f, 1, 'int32');
colPtr = fread(f, n + 1, 'int32'); rowIdx = fread(f, nnzA, "int32");
values = fread(f, nnzA, "double"); b = fread(f, n, 'double');
fclose(f);
cols = repelem((1:n)', diff(colPtr));
L = sparse(rowIdx + 1, cols, values, n, n);
if stype == 0
  A = L;  % a general matrix, both triangles stored (bench/lu.ts): A\b is UMFPACK
else
  A = L + L' - spdiags(diag(L), 0, n, n);
end
clear L cols rowIdx values;
best = struct('total', Inf, 'factor', Inf, 'solve', Inf);
nnzR = 0;
for r = 1:repeats
  if strcmp(method, 'backslash')
    t = tic(); x = A \ b; best.total = min(best.total, toc(t));
  else
    t = tic(); [R, p, q] = chol(A, 'vector'); tf = toc(t);
    if p ~= 0, error('not positive definite'); end
    t = tic(); x = zeros(n, 1); x(q) = R \ (R' \ b(q)); ts = toc(t);
    best.factor = min(best.factor, tf); best.solve = min(best.solve, ts);
    best.total = min(best.total, tf + ts); nnzR = nnz(R);
  end
end
f = fopen(args{3}, 'w'); fwrite(f, x, 'double'); fclose(f);
printf('{"total":%.6g,"factor":%.6g,"solve":%.6g,"nnzL":%d}\n', best.total, best.factor, best.solve, nnzR);
