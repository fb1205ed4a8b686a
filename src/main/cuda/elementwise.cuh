// Element-wise kernels over strided, broadcast operands: unary and binary ops, comparisons, where, copies,
// casts, fills and small uploads. Results follow the CPU backend (Java semantics): float32 unary functions
// are computed in float64 and rounded once; float32 arithmetic is plain float32 (no fused multiply-add:
// build.sh compiles with -fmad=false).
#pragma once

#include "common.cuh"

// UnaryOp codes (io.streamgrad.backend.cuda.OpCodes)
#define SG_NEG 0
#define SG_EXP 1
#define SG_LOG 2
#define SG_SQRT 3
#define SG_ABS 4
#define SG_SIGN 5
#define SG_RELU 6
#define SG_SIGMOID 7
#define SG_TANH 8
#define SG_RECIPROCAL 9
#define SG_POW 10
#define SG_CLAMP 11

// BinaryOp codes
#define SG_ADD 0
#define SG_SUB 1
#define SG_MUL 2
#define SG_DIV 3
#define SG_GT 4
#define SG_LT 5
#define SG_GE 6
#define SG_LE 7
#define SG_EQ 8
#define SG_NE 9

__device__ __forceinline__ double unary_f64(int op, double x, double p, double q) {
    switch (op) {
        case SG_NEG: return -x;
        case SG_EXP: return exp(x);
        case SG_LOG: return log(x);
        case SG_SQRT: return sqrt(x);
        case SG_ABS: return fabs(x);
        case SG_SIGN: return x > 0.0 ? 1.0 : (x < 0.0 ? -1.0 : x);   // keeps NaN and signed zeros
        case SG_RELU: return (x > 0.0 || x != x) ? x : 0.0;
        case SG_SIGMOID: return 1.0 / (1.0 + exp(-x));
        case SG_TANH: return tanh(x);
        case SG_RECIPROCAL: return 1.0 / x;
        case SG_POW: return p == 2.0 ? x * x : java_pow(x, p);
        case SG_CLAMP: {
            if (x != x) {
                return x;
            }
            double r = p != p ? x : java_max(x, p);
            return q != q ? r : java_min(r, q);
        }
        default: return __longlong_as_double(0x7ff8000000000000LL);
    }
}

__device__ __forceinline__ float unary_f32(int op, float x, double p, double q) {
    if (op == SG_POW && p == 2.0) {
        return x * x;   // one float32 rounding, as PyTorch's x*x
    }
    return (float) unary_f64(op, (double) x, p, q);
}

__device__ __forceinline__ long long unary_i64(int op, long long x, double p, double q) {
    switch (op) {
        case SG_NEG: return wrap_sub(0, x);
        case SG_ABS: return x < 0 ? wrap_sub(0, x) : x;
        case SG_SIGN: return (long long) (x > 0) - (long long) (x < 0);
        case SG_RELU: return x > 0 ? x : 0;
        case SG_POW: {
            // x ** (long) p by squaring: the same product mod 2^64 as Java's repeated multiplication
            long long e = java_to_long(p);
            long long result = 1;
            long long base = x;
            while (e > 0) {
                if (e & 1) {
                    result = wrap_mul(result, base);
                }
                base = wrap_mul(base, base);
                e >>= 1;
            }
            return result;
        }
        case SG_CLAMP: {
            long long r = p != p ? x : max(x, java_to_long(ceil(p)));
            return q != q ? r : min(r, java_to_long(floor(q)));
        }
        default: return 0;
    }
}

template <typename T>
__device__ __forceinline__ T arith(int op, T a, T b) {
    switch (op) {
        case SG_ADD: return a + b;
        case SG_SUB: return a - b;
        case SG_MUL: return a * b;
        default: return a / b;
    }
}

template <>
__device__ __forceinline__ long long arith<long long>(int op, long long a, long long b) {
    switch (op) {
        case SG_ADD: return wrap_add(a, b);
        case SG_SUB: return wrap_sub(a, b);
        case SG_MUL: return wrap_mul(a, b);
        default: return b == 0 ? 0 : a / b;   // never asked: the host refuses int64 division
    }
}

template <typename T>
__device__ __forceinline__ bool compare(int op, T a, T b) {
    switch (op) {
        case SG_GT: return a > b;
        case SG_LT: return a < b;
        case SG_GE: return a >= b;
        case SG_LE: return a <= b;
        case SG_EQ: return a == b;
        default: return a != b;
    }
}

// ---------------------------------------------------------------- unary

extern "C" __global__ void sg_unary_f32(const float* src, float* dst, Geom<2> g, int op, double p, double q) {
    SG_FOR_EACH(i, g.count) {
        int off[2];
        locate(g, i, off);
        dst[off[1]] = unary_f32(op, src[off[0]], p, q);
    }
}

extern "C" __global__ void sg_unary_f64(const double* src, double* dst, Geom<2> g, int op, double p, double q) {
    SG_FOR_EACH(i, g.count) {
        int off[2];
        locate(g, i, off);
        dst[off[1]] = unary_f64(op, src[off[0]], p, q);
    }
}

extern "C" __global__ void sg_unary_i64(const long long* src, long long* dst, Geom<2> g, int op, double p,
                                        double q) {
    SG_FOR_EACH(i, g.count) {
        int off[2];
        locate(g, i, off);
        dst[off[1]] = unary_i64(op, src[off[0]], p, q);
    }
}

// ---------------------------------------------------------------- binary

extern "C" __global__ void sg_binary_f32(const float* a, const float* b, float* dst, Geom<3> g, int op) {
    SG_FOR_EACH(i, g.count) {
        int off[3];
        locate(g, i, off);
        dst[off[2]] = arith<float>(op, a[off[0]], b[off[1]]);
    }
}

extern "C" __global__ void sg_binary_f64(const double* a, const double* b, double* dst, Geom<3> g, int op) {
    SG_FOR_EACH(i, g.count) {
        int off[3];
        locate(g, i, off);
        dst[off[2]] = arith<double>(op, a[off[0]], b[off[1]]);
    }
}

extern "C" __global__ void sg_binary_i64(const long long* a, const long long* b, long long* dst, Geom<3> g,
                                         int op) {
    SG_FOR_EACH(i, g.count) {
        int off[3];
        locate(g, i, off);
        dst[off[2]] = arith<long long>(op, a[off[0]], b[off[1]]);
    }
}

// bool arithmetic as the CPU backend does it: on 0/1 as int64, then != 0
extern "C" __global__ void sg_binary_bool(const uint8_t* a, const uint8_t* b, uint8_t* dst, Geom<3> g, int op) {
    SG_FOR_EACH(i, g.count) {
        int off[3];
        locate(g, i, off);
        dst[off[2]] = arith<long long>(op, a[off[0]] != 0, b[off[1]] != 0) != 0;
    }
}

// ---------------------------------------------------------------- comparisons (bool result)

extern "C" __global__ void sg_compare_f32(const float* a, const float* b, uint8_t* dst, Geom<3> g, int op) {
    SG_FOR_EACH(i, g.count) {
        int off[3];
        locate(g, i, off);
        dst[off[2]] = compare<float>(op, a[off[0]], b[off[1]]);
    }
}

extern "C" __global__ void sg_compare_f64(const double* a, const double* b, uint8_t* dst, Geom<3> g, int op) {
    SG_FOR_EACH(i, g.count) {
        int off[3];
        locate(g, i, off);
        dst[off[2]] = compare<double>(op, a[off[0]], b[off[1]]);
    }
}

extern "C" __global__ void sg_compare_i64(const long long* a, const long long* b, uint8_t* dst, Geom<3> g,
                                          int op) {
    SG_FOR_EACH(i, g.count) {
        int off[3];
        locate(g, i, off);
        dst[off[2]] = compare<long long>(op, a[off[0]], b[off[1]]);
    }
}

extern "C" __global__ void sg_compare_bool(const uint8_t* a, const uint8_t* b, uint8_t* dst, Geom<3> g, int op) {
    SG_FOR_EACH(i, g.count) {
        int off[3];
        locate(g, i, off);
        dst[off[2]] = compare<long long>(op, a[off[0]] != 0, b[off[1]] != 0);
    }
}

// ---------------------------------------------------------------- where, copy, fill: by element width

template <typename T>
__device__ __forceinline__ void where_kernel(const uint8_t* cond, const T* a, const T* b, T* dst, const Geom<4>& g) {
    SG_FOR_EACH(i, g.count) {
        int off[4];
        locate(g, i, off);
        dst[off[3]] = cond[off[0]] ? a[off[1]] : b[off[2]];
    }
}

extern "C" __global__ void sg_where_1(const uint8_t* c, const uint8_t* a, const uint8_t* b, uint8_t* d, Geom<4> g) {
    where_kernel(c, a, b, d, g);
}

extern "C" __global__ void sg_where_4(const uint8_t* c, const uint32_t* a, const uint32_t* b, uint32_t* d,
                                      Geom<4> g) {
    where_kernel(c, a, b, d, g);
}

extern "C" __global__ void sg_where_8(const uint8_t* c, const uint64_t* a, const uint64_t* b, uint64_t* d,
                                      Geom<4> g) {
    where_kernel(c, a, b, d, g);
}

template <typename T>
__device__ __forceinline__ void copy_kernel(const T* src, T* dst, const Geom<2>& g) {
    SG_FOR_EACH(i, g.count) {
        int off[2];
        locate(g, i, off);
        dst[off[1]] = src[off[0]];
    }
}

extern "C" __global__ void sg_copy_1(const uint8_t* src, uint8_t* dst, Geom<2> g) { copy_kernel(src, dst, g); }
extern "C" __global__ void sg_copy_4(const uint32_t* src, uint32_t* dst, Geom<2> g) { copy_kernel(src, dst, g); }
extern "C" __global__ void sg_copy_8(const uint64_t* src, uint64_t* dst, Geom<2> g) { copy_kernel(src, dst, g); }

template <typename T>
__device__ __forceinline__ void fill_kernel(T* dst, const Geom<1>& g, T value) {
    SG_FOR_EACH(i, g.count) {
        int off[1];
        locate(g, i, off);
        dst[off[0]] = value;
    }
}

// The value arrives as raw bits: the host has already cast it to the storage's dtype (Java's cast rules).
extern "C" __global__ void sg_fill_1(uint8_t* dst, Geom<1> g, unsigned long long bits) {
    fill_kernel(dst, g, (uint8_t) bits);
}
extern "C" __global__ void sg_fill_4(uint32_t* dst, Geom<1> g, unsigned long long bits) {
    fill_kernel(dst, g, (uint32_t) bits);
}
extern "C" __global__ void sg_fill_8(uint64_t* dst, Geom<1> g, unsigned long long bits) {
    fill_kernel(dst, g, (uint64_t) bits);
}

// ---------------------------------------------------------------- casts

// As CpuStorage does it: through int64 when either side is int64, else through float64.
__device__ __forceinline__ long long load_as_long(const void* p, int type, int i) {
    switch (type) {
        case SG_F32: return java_to_long((double) ((const float*) p)[i]);
        case SG_F64: return java_to_long(((const double*) p)[i]);
        case SG_I64: return ((const long long*) p)[i];
        default: return ((const uint8_t*) p)[i] != 0;
    }
}

__device__ __forceinline__ double load_as_double(const void* p, int type, int i) {
    switch (type) {
        case SG_F32: return (double) ((const float*) p)[i];
        case SG_F64: return ((const double*) p)[i];
        case SG_I64: return (double) ((const long long*) p)[i];
        default: return ((const uint8_t*) p)[i] != 0 ? 1.0 : 0.0;
    }
}

__device__ __forceinline__ void store_long(void* p, int type, int i, long long v) {
    switch (type) {
        case SG_F32: ((float*) p)[i] = (float) v; break;    // one rounding, as Java's (float) long
        case SG_F64: ((double*) p)[i] = (double) v; break;
        case SG_I64: ((long long*) p)[i] = v; break;
        default: ((uint8_t*) p)[i] = v != 0; break;
    }
}

__device__ __forceinline__ void store_double(void* p, int type, int i, double v) {
    switch (type) {
        case SG_F32: ((float*) p)[i] = (float) v; break;
        case SG_F64: ((double*) p)[i] = v; break;
        case SG_I64: ((long long*) p)[i] = java_to_long(v); break;
        default: ((uint8_t*) p)[i] = v != 0.0; break;   // NaN is true, as in Java
    }
}

extern "C" __global__ void sg_cast(const void* src, void* dst, Geom<2> g, int from, int to) {
    bool viaLong = from == SG_I64 || to == SG_I64;
    SG_FOR_EACH(i, g.count) {
        int off[2];
        locate(g, i, off);
        if (viaLong) {
            store_long(dst, to, off[1], load_as_long(src, from, off[0]));
        } else {
            store_double(dst, to, off[1], load_as_double(src, from, off[0]));
        }
    }
}

// ---------------------------------------------------------------- small uploads

// Up to 256 bytes of host data carried in the launch's parameters: unlike a copy from pageable host
// memory, which waits for all queued work first, this stays asynchronous (the driver copies the
// parameters at launch), so scalars moved to the GPU do not stall the queue.
struct SmallData {
    unsigned long long words[32];
};

extern "C" __global__ void sg_upload_small(uint8_t* dst, SmallData data, int bytes) {
    int i = threadIdx.x;
    if (i >= bytes) {
        return;
    }
    // select the word with constant indices: a run-time index would copy the block to local memory
    unsigned long long word = 0;
#pragma unroll
    for (int w = 0; w < 32; ++w) {
        if (w == (i >> 3)) {
            word = data.words[w];
        }
    }
    dst[i] = (uint8_t) (word >> ((i & 7) * 8));   // little-endian, as the host wrote it
}
