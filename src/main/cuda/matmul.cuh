// The matrix product used when cuBLAS is absent: C[b] = A[b] . B[b] with A [M, K] and B [K, N] at any
// strides (transposed views need no copy) and C a contiguous row-major [M, N] per batch.
// 64x64 output tiles, 16-deep slices of K in shared memory, 256 threads each owning a 4x4 block of
// outputs spread 16 apart, so that shared-memory reads are broadcasts or conflict-free and the stores
// to C are coalesced. Products accumulate with explicit fused multiply-adds (the rest of the file is
// built with -fmad=false).
#pragma once

#include "common.cuh"

#define SG_TILE 64
#define SG_SLICE 16

struct MatGeom {
    int m;
    int n;
    int k;
    int aBatch;     // strides of A (elements)
    int aRow;
    int aCol;
    int bBatch;     // strides of B
    int bRow;
    int bCol;
    int aBase;      // storage offsets
    int bBase;
    int cBase;      // C is contiguous: batch b starts at cBase + b * m * n
    int batch0;     // first batch of this launch (blockIdx.z counts from here)
};

__device__ __forceinline__ float mul_add(float a, float b, float c) { return fmaf(a, b, c); }
__device__ __forceinline__ double mul_add(double a, double b, double c) { return fma(a, b, c); }

template <typename T>
__device__ __forceinline__ void matmul_tiles(const T* a, const T* b, T* c, const MatGeom& g) {
    // +1 column: the tile loads write consecutive k of one row from consecutive threads
    __shared__ T as[SG_SLICE][SG_TILE + 1];
    __shared__ T bs[SG_SLICE][SG_TILE + 1];
    const int t = threadIdx.x;
    const int tx = t % 16;
    const int ty = t / 16;
    const int row0 = blockIdx.y * SG_TILE;
    const int col0 = blockIdx.x * SG_TILE;
    const int batch = g.batch0 + blockIdx.z;
    const T* ab = a + g.aBase + (long long) batch * g.aBatch;
    const T* bb = b + g.bBase + (long long) batch * g.bBatch;

    T acc[4][4];
#pragma unroll
    for (int i = 0; i < 4; ++i) {
#pragma unroll
        for (int j = 0; j < 4; ++j) {
            acc[i][j] = 0;
        }
    }

    for (int k0 = 0; k0 < g.k; k0 += SG_SLICE) {
#pragma unroll
        for (int l = 0; l < 4; ++l) {
            int e = t + l * SG_THREADS;
            int r = e / SG_SLICE;          // A tile: 64 rows x 16 k
            int kk = e % SG_SLICE;
            int gr = row0 + r;
            int gk = k0 + kk;
            as[kk][r] = (gr < g.m && gk < g.k) ? ab[gr * g.aRow + gk * g.aCol] : (T) 0;
            int bk = e / SG_TILE;          // B tile: 16 k x 64 columns
            int bc = e % SG_TILE;
            int gbk = k0 + bk;
            int gc = col0 + bc;
            bs[bk][bc] = (gbk < g.k && gc < g.n) ? bb[gbk * g.bRow + gc * g.bCol] : (T) 0;
        }
        __syncthreads();
#pragma unroll
        for (int kk = 0; kk < SG_SLICE; ++kk) {
            T av[4];
            T bv[4];
#pragma unroll
            for (int i = 0; i < 4; ++i) {
                av[i] = as[kk][ty + 16 * i];
                bv[i] = bs[kk][tx + 16 * i];
            }
#pragma unroll
            for (int i = 0; i < 4; ++i) {
#pragma unroll
                for (int j = 0; j < 4; ++j) {
                    acc[i][j] = mul_add(av[i], bv[j], acc[i][j]);
                }
            }
        }
        __syncthreads();
    }

    T* cb = c + g.cBase + (long long) batch * g.m * g.n;
#pragma unroll
    for (int i = 0; i < 4; ++i) {
        int r = row0 + ty + 16 * i;
#pragma unroll
        for (int j = 0; j < 4; ++j) {
            int col = col0 + tx + 16 * j;
            if (r < g.m && col < g.n) {
                cb[(long long) r * g.n + col] = acc[i][j];
            }
        }
    }
}

extern "C" __global__ void __launch_bounds__(SG_THREADS) sg_matmul_f32(const float* a, const float* b, float* c,
                                                                         MatGeom g) {
    matmul_tiles<float>(a, b, c, g);
}

extern "C" __global__ void __launch_bounds__(SG_THREADS) sg_matmul_f64(const double* a, const double* b, double* c,
                                                                         MatGeom g) {
    matmul_tiles<double>(a, b, c, g);
}
