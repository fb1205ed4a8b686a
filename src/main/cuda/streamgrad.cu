// streamgrad's CUDA kernels: one translation unit, so build.sh makes one cubin and one PTX file that the
// Java side loads as a single module (io.streamgrad.backend.cuda.KernelModule).
#include "elementwise.cuh"
#include "reduce.cuh"
#include "matmul.cuh"
