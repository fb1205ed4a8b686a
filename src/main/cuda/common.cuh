// Shared pieces of streamgrad's kernels: the strided-geometry parameter block and Java-compatible math.
//
// Every kernel parameter block is made of 32-bit ints only, so its C layout has no padding and the Java
// side (io.streamgrad.backend.cuda.Geometry) can write it as a flat int array.
#pragma once

#include <stdint.h>

#define SG_MAX_DIMS 8
#define SG_THREADS 256

// dtype codes, as io.streamgrad.backend.cuda.DeviceType numbers them
#define SG_F32 0
#define SG_F64 1
#define SG_I64 2
#define SG_BOOL 3

// N equally-shaped strided operands. Dims are stored innermost first, so a kernel walks them with
// compile-time indices only (a run-time index into a parameter array would spill it to local memory).
// All offsets fit in 32 bits: a storage never holds more than 2^31 - 1 elements.
template <int N>
struct Geom {
    int rank;                       // dims in use, 0 for a single element
    int count;                      // elements in the view
    int size[SG_MAX_DIMS];          // size[0] is the innermost dim
    int stride[N][SG_MAX_DIMS];     // element strides of each operand
    int base[N];                    // storage offset of each operand
};

// Element offsets of flat index i (row-major over the view) in each operand.
template <int N>
__device__ __forceinline__ void locate(const Geom<N>& g, unsigned int i, int (&off)[N]) {
#pragma unroll
    for (int k = 0; k < N; ++k) {
        off[k] = g.base[k];
    }
    unsigned int rest = i;
#pragma unroll
    for (int d = 0; d < SG_MAX_DIMS; ++d) {
        if (d >= g.rank) {
            break;
        }
        unsigned int idx = rest;
        if (d < g.rank - 1) {
            // the outermost dim needs no division: what is left is its index
            unsigned int size = (unsigned int) g.size[d];
            unsigned int q = rest / size;
            idx = rest - q * size;
            rest = q;
        }
#pragma unroll
        for (int k = 0; k < N; ++k) {
            off[k] += (int) idx * g.stride[k][d];
        }
    }
}

// Grid-stride loop over a view's flat indices; unsigned so i + stride cannot overflow for counts < 2^31.
#define SG_FOR_EACH(i, count) \
    for (unsigned int i = blockIdx.x * blockDim.x + threadIdx.x; i < (unsigned int) (count); \
         i += blockDim.x * gridDim.x)

// ---------------------------------------------------------------- Java-compatible scalar math

// Java's (long) cast of a double: NaN is 0, out-of-range values saturate (C leaves these undefined).
__device__ __forceinline__ long long java_to_long(double x) {
    if (x != x) {
        return 0;
    }
    if (x >= 9.2233720368547758e18) {
        return 0x7fffffffffffffffLL;
    }
    if (x <= -9.2233720368547758e18) {
        return (long long) 0x8000000000000000ULL;
    }
    return (long long) x;
}

// Math.max / Math.min: NaN wins, and -0.0 orders below +0.0.
__device__ __forceinline__ double java_max(double a, double b) {
    if (a != a) {
        return a;
    }
    if (a == 0.0 && b == 0.0 && signbit(a)) {
        return b;
    }
    return a >= b ? a : b;
}

__device__ __forceinline__ double java_min(double a, double b) {
    if (a != a) {
        return a;
    }
    if (a == 0.0 && b == 0.0 && signbit(b)) {
        return b;
    }
    return a <= b ? a : b;
}

// Math.pow where it differs from C's pow: a NaN exponent gives NaN, and (+-1) ** +-inf is NaN.
__device__ __forceinline__ double java_pow(double x, double p) {
    if (p == 0.0) {
        return 1.0;
    }
    if (p != p) {
        return p;
    }
    if (fabs(x) == 1.0 && isinf(p)) {
        return __longlong_as_double(0x7ff8000000000000LL);
    }
    return pow(x, p);
}

// Two's-complement arithmetic on int64 (signed overflow is undefined in C++, defined in Java).
__device__ __forceinline__ long long wrap_add(long long a, long long b) {
    return (long long) ((unsigned long long) a + (unsigned long long) b);
}

__device__ __forceinline__ long long wrap_sub(long long a, long long b) {
    return (long long) ((unsigned long long) a - (unsigned long long) b);
}

__device__ __forceinline__ long long wrap_mul(long long a, long long b) {
    return (long long) ((unsigned long long) a * (unsigned long long) b);
}
