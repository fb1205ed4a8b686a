// Reductions (SUM, MAX, MIN) over the Backend.reduce contract: every source element folds into the
// destination element it maps to. The host (ReductionPlan) splits the view into kept dims (one output
// each) and reduced dims, and picks a thread layout:
//   - outer layout: adjacent threads take adjacent outputs (coalesced when the kept dims are innermost);
//   - inner layout: adjacent threads take adjacent reduced elements (coalesced when those are innermost).
// Each block folds a chunk of the reduced range of its outputs in a fixed order and combines its lanes
// by a tree in shared memory: no atomics, so results are deterministic. When there are too few outputs
// to fill the GPU, blockIdx.y splits the reduced range; the partial results (in the accumulator type)
// are folded by a second pass over a [splits, outputs] buffer.
// float32 accumulates in float64, as the Backend contract asks; NaN propagates through MAX and MIN.
#pragma once

#include "common.cuh"

// ReduceOp codes
#define SG_SUM 0
#define SG_MAX 1
#define SG_MIN 2

struct ReduceGeom {
    int outCount;                 // outputs
    int redCount;                 // source elements folded into each output
    int keptRank;
    int keptSize[SG_MAX_DIMS];    // innermost first
    int keptSrc[SG_MAX_DIMS];     // source strides of the kept dims
    int keptDst[SG_MAX_DIMS];     // destination strides of the kept dims
    int redRank;
    int redSize[SG_MAX_DIMS];     // innermost first
    int redSrc[SG_MAX_DIMS];
    int srcBase;
    int dstBase;
    int outPerBlock;              // a power of two dividing SG_THREADS
    int outerLayout;              // 1: adjacent threads take adjacent outputs
    int chunk;                    // reduced elements per blockIdx.y
};

template <typename Acc>
__device__ __forceinline__ Acc fold(int op, Acc acc, Acc v) {
    switch (op) {
        case SG_SUM: return acc + v;
        case SG_MAX: return (v > acc || v != v) ? v : acc;
        default: return (v < acc || v != v) ? v : acc;
    }
}

template <>
__device__ __forceinline__ long long fold<long long>(int op, long long acc, long long v) {
    switch (op) {
        case SG_SUM: return wrap_add(acc, v);
        case SG_MAX: return v > acc ? v : acc;
        default: return v < acc ? v : acc;
    }
}

template <typename Acc>
__device__ __forceinline__ Acc identity(int op) {
    switch (op) {
        case SG_SUM: return 0;
        case SG_MAX: return -INFINITY;
        default: return INFINITY;
    }
}

template <>
__device__ __forceinline__ long long identity<long long>(int op) {
    switch (op) {
        case SG_SUM: return 0;
        case SG_MAX: return (long long) 0x8000000000000000ULL;
        default: return 0x7fffffffffffffffLL;
    }
}

template <typename Out, typename Acc>
__device__ __forceinline__ Out finish(Acc v) {
    return (Out) v;
}

template <>
__device__ __forceinline__ uint8_t finish<uint8_t, long long>(long long v) {
    return v != 0;
}

// Offset of reduced element r relative to its output's first source element.
__device__ __forceinline__ int reduced_offset(const ReduceGeom& g, unsigned int r) {
    int off = 0;
#pragma unroll
    for (int d = 0; d < SG_MAX_DIMS; ++d) {
        if (d >= g.redRank) {
            break;
        }
        unsigned int idx = r;
        if (d < g.redRank - 1) {
            unsigned int size = (unsigned int) g.redSize[d];
            unsigned int q = r / size;
            idx = r - q * size;
            r = q;
        }
        off += (int) idx * g.redSrc[d];
    }
    return off;
}

// Source and destination offsets of output o.
__device__ __forceinline__ void kept_offsets(const ReduceGeom& g, unsigned int o, int& src, int& dst) {
    src = g.srcBase;
    dst = g.dstBase;
#pragma unroll
    for (int d = 0; d < SG_MAX_DIMS; ++d) {
        if (d >= g.keptRank) {
            break;
        }
        unsigned int idx = o;
        if (d < g.keptRank - 1) {
            unsigned int size = (unsigned int) g.keptSize[d];
            unsigned int q = o / size;
            idx = o - q * size;
            o = q;
        }
        src += (int) idx * g.keptSrc[d];
        dst += (int) idx * g.keptDst[d];
    }
}

// One pass: folds src into dst (toPartial == 0) or into partial[blockIdx.y * outCount + o].
template <typename In, typename Acc, typename Out>
__device__ __forceinline__ void reduce_pass(const In* src, Out* dst, Acc* partial, const ReduceGeom& g, int op,
                                            int toPartial) {
    __shared__ Acc lanes[SG_THREADS];
    const int perBlock = g.outPerBlock;
    const int laneCount = SG_THREADS / perBlock;
    const int t = threadIdx.x;
    const int slot = g.outerLayout ? t % perBlock : t / laneCount;
    const int lane = g.outerLayout ? t / perBlock : t % laneCount;
    const unsigned int o = blockIdx.x * (unsigned int) perBlock + slot;
    const bool active = o < (unsigned int) g.outCount;

    Acc acc = identity<Acc>(op);
    int srcOut = 0;
    int dstOut = 0;
    if (active) {
        kept_offsets(g, o, srcOut, dstOut);
        unsigned int start = blockIdx.y * (unsigned int) g.chunk;
        unsigned int end = min(start + (unsigned int) g.chunk, (unsigned int) g.redCount);
        for (unsigned int r = start + lane; r < end; r += laneCount) {
            acc = fold<Acc>(op, acc, (Acc) src[srcOut + reduced_offset(g, r)]);
        }
    }
    Acc* mine = lanes + slot * laneCount;
    mine[lane] = acc;
    __syncthreads();
    for (int s = laneCount / 2; s > 0; s >>= 1) {
        if (lane < s) {
            mine[lane] = fold<Acc>(op, mine[lane], mine[lane + s]);
        }
        __syncthreads();
    }
    if (active && lane == 0) {
        if (toPartial) {
            partial[blockIdx.y * (unsigned int) g.outCount + o] = mine[0];
        } else {
            dst[dstOut] = finish<Out, Acc>(mine[0]);
        }
    }
}

#define SG_REDUCE_KERNELS(name, In, Acc, Out)                                                               \
    extern "C" __global__ void sg_reduce_##name(const In* src, Out* dst, Acc* partial, ReduceGeom g, int op, \
                                                int toPartial) {                                           \
        reduce_pass<In, Acc, Out>(src, dst, partial, g, op, toPartial);                                    \
    }                                                                                                      \
    extern "C" __global__ void sg_reduce_##name##_finish(const Acc* partial, Out* dst, ReduceGeom g, int op) { \
        reduce_pass<Acc, Acc, Out>(partial, dst, (Acc*) 0, g, op, 0);                                      \
    }

SG_REDUCE_KERNELS(f32, float, double, float)
SG_REDUCE_KERNELS(f64, double, double, double)
SG_REDUCE_KERNELS(i64, long long, long long, long long)
SG_REDUCE_KERNELS(bool, uint8_t, long long, uint8_t)
