// An L-shaped bracket, 2 x 0.5 x 2 with legs 0.5 thick: the bottom face clamped, the top face of the upright leg loaded.
SetFactory("OpenCASCADE");
Box(1) = {0, 0, 0, 2, 0.5, 0.5};
Box(2) = {0, 0, 0, 0.5, 0.5, 2};
BooleanUnion(3) = { Volume{1}; Delete; }{ Volume{2}; Delete; };
Mesh.CharacteristicLengthMax = 0.1;
bottom() = Surface In BoundingBox{-0.01, -0.01, -0.01, 2.01, 0.51, 0.01};
top() = Surface In BoundingBox{-0.01, -0.01, 1.99, 0.51, 0.51, 2.01};
Physical Surface("fixed", 1) = {bottom()};
Physical Surface("load", 2) = {top()};
Physical Volume("solid", 3) = {3};
