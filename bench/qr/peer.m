% Octave peer of bench/qr.ts:  octave-cli peer.m PROBLEM.bin X.bin REPEATS
% Times x = A\b for a sparse rectangular A, which Octave hands to SuiteSparseQR (SPQR) for the
% least-squares solution. PROBLEM.bin is bench/qr/driver.cc's format. Prints one JSON line and
% writes x to X.bin.
args = argv();
repeats = str2double(args{3});
f = fopen(args{1}, 'r');
m = fread(f, 1, 'int64'); n = fread(f, 1, 'int64'); nnzA = fread(f, 1, 'int64');
colPtr = fread(f, n + 1, 'int32'); rowIdx = fread(f, nnzA, 'int32');
values = fread(f, nnzA, 'double'); b = fread(f, m, 'double');
fclose(f);
cols = repelem((1:n)', diff(colPtr));
A = sparse(rowIdx + 1, cols, values, m, n);
clear cols rowIdx values;
best = Inf;
for r = 1:repeats
  t = tic(); x = A \ b; best = min(best, toc(t));
end
f = fopen(args{2}, 'w'); fwrite(f, x, 'double'); fclose(f);
printf('{"total":%.6g}\n', best);
