// A stand-in for libcublas.so.13: the calls the CUDA backend binds, with reference column-major GEMMs on
// the CPU and cuBLAS's argument checks (leading dimensions), so the row-major-to-column-major mapping of
// MatmulKernels is tested without a GPU. Prototypes as in cuBLAS 13's cublas_api.h.
#include <cstdio>
#include <cstring>

extern "C" {

typedef int cublasStatus_t;  // CUBLAS_STATUS_SUCCESS = 0, _INVALID_VALUE = 7
typedef struct MockHandle* cublasHandle_t;
typedef int cublasOperation_t;  // CUBLAS_OP_N = 0, CUBLAS_OP_T = 1
typedef int cublasMath_t;

struct MockHandle {
    int mathMode;
};

static MockHandle theHandle;

const char* cublasGetStatusName(cublasStatus_t status) {
    switch (status) {
        case 0: return "CUBLAS_STATUS_SUCCESS";
        case 7: return "CUBLAS_STATUS_INVALID_VALUE";
        default: return "CUBLAS_STATUS_INTERNAL_ERROR";
    }
}

cublasStatus_t cublasCreate_v2(cublasHandle_t* handle) {
    *handle = &theHandle;
    return 0;
}

cublasStatus_t cublasSetMathMode(cublasHandle_t handle, cublasMath_t mode) {
    if (handle != &theHandle || (mode != 0 && mode != 3)) {
        return 7;
    }
    handle->mathMode = mode;
    return 0;
}

}  // extern "C"

static int bad(const char* what) {
    fprintf(stderr, "mock cublas: %s\n", what);
    return 7;
}

template <typename T>
static cublasStatus_t gemm(cublasHandle_t handle, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k,
                           const T* alpha, const T* a, int lda, long long sa, const T* b, int ldb, long long sb,
                           const T* beta, T* c, int ldc, long long sc, int batch) {
    if (handle != &theHandle) {
        return bad("unknown handle");
    }
    if (m < 0 || n < 0 || k < 0 || batch < 0 || (ta != 0 && ta != 1) || (tb != 0 && tb != 1)) {
        return bad("bad sizes or operations");
    }
    if (lda < (ta == 0 ? (m > 1 ? m : 1) : (k > 1 ? k : 1))) {
        return bad("lda too small");
    }
    if (ldb < (tb == 0 ? (k > 1 ? k : 1) : (n > 1 ? n : 1))) {
        return bad("ldb too small");
    }
    if (ldc < (m > 1 ? m : 1)) {
        return bad("ldc too small");
    }
    for (int p = 0; p < batch; ++p) {
        const T* ap = a + p * sa;
        const T* bp = b + p * sb;
        T* cp = c + p * sc;
        for (int j = 0; j < n; ++j) {
            for (int i = 0; i < m; ++i) {
                double sum = 0;
                for (int l = 0; l < k; ++l) {
                    double x = ta == 0 ? ap[i + (long long) l * lda] : ap[l + (long long) i * lda];
                    double y = tb == 0 ? bp[l + (long long) j * ldb] : bp[j + (long long) l * ldb];
                    sum += x * y;
                }
                T value = (T) (*alpha * sum);
                cp[i + (long long) j * ldc] = *beta == 0 ? value : (T) (value + *beta * cp[i + (long long) j * ldc]);
            }
        }
    }
    return 0;
}

extern "C" {

cublasStatus_t cublasSgemm_v2(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m,
                              int n, int k, const float* alpha, const float* A, int lda, const float* B, int ldb,
                              const float* beta, float* C, int ldc) {
    return gemm(handle, transa, transb, m, n, k, alpha, A, lda, 0, B, ldb, 0, beta, C, ldc, 0, 1);
}

cublasStatus_t cublasDgemm_v2(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m,
                              int n, int k, const double* alpha, const double* A, int lda, const double* B, int ldb,
                              const double* beta, double* C, int ldc) {
    return gemm(handle, transa, transb, m, n, k, alpha, A, lda, 0, B, ldb, 0, beta, C, ldc, 0, 1);
}

cublasStatus_t cublasSgemmStridedBatched(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb,
                                         int m, int n, int k, const float* alpha, const float* A, int lda,
                                         long long int strideA, const float* B, int ldb, long long int strideB,
                                         const float* beta, float* C, int ldc, long long int strideC,
                                         int batchCount) {
    return gemm(handle, transa, transb, m, n, k, alpha, A, lda, strideA, B, ldb, strideB, beta, C, ldc, strideC,
                batchCount);
}

cublasStatus_t cublasDgemmStridedBatched(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb,
                                         int m, int n, int k, const double* alpha, const double* A, int lda,
                                         long long int strideA, const double* B, int ldb, long long int strideB,
                                         const double* beta, double* C, int ldc, long long int strideC,
                                         int batchCount) {
    return gemm(handle, transa, transb, m, n, k, alpha, A, lda, strideA, B, ldb, strideB, beta, C, ldc, strideC,
                batchCount);
}

}  // extern "C"
