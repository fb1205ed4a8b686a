// A stand-in for libcuda.so.1 that runs streamgrad's kernels on the CPU, so the CUDA backend's Java side
// (FFM signatures, kernel-parameter packing, geometry, allocator, scopes) and the kernels' logic can be
// tested on a machine without a GPU. It is compiled against CUDA 13's own cuda.h: each function below must
// match the header's prototype (versioned names come from the header's macros), so the ABI the Java
// bindings meet here is the real driver's.
//
// Emulation: device memory is host memory (each block ends at a guard page, so reads past its end crash
// loudly); a launch runs its blocks one after another, and the threads of a block as coroutines that
// switch at __syncthreads(), so the kernels' barriers and shared memory behave as on a GPU.
//
// Knobs (environment): SG_MOCK_MEMORY total bytes (default 1 GiB), SG_MOCK_NO_DEVICE=1 (cuInit fails),
// SG_MOCK_CUBIN_FAILS=1 (cubins are refused, as on a non-Hopper GPU), SG_MOCK_SKIP_KERNELS=1 (launches
// return at once: what remains is the host's cost per op).
#include <cuda.h>

#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "device_shim.h"
#include "../../../src/main/cuda/streamgrad.cu"

dim3 threadIdx;
dim3 blockIdx;
dim3 blockDim;
dim3 gridDim;

namespace {

constexpr int MULTIPROCESSORS = 2;
constexpr size_t FIBER_STACK = 256 * 1024;

std::recursive_mutex lock;
bool initialized = false;
bool skipKernels = false;  // measures the host side alone
size_t totalMemory = 1ull << 30;
size_t usedMemory = 0;
struct Allocation {
    size_t bytes;
    void* mapping;
    size_t mapped;
};
std::map<uintptr_t, Allocation> blocks;
long long stats[8];  // launches, htod, dtoh, memsets, dtod, allocs, frees, syncs
int fakeContext;

// ---------------------------------------------------------------- kernels by name

struct KernelEntry {
    std::function<void(void**)> invoke;
    bool barriers;
};

template <typename... Args, size_t... I>
void call(void (*fn)(Args...), void** params, std::index_sequence<I...>) {
    fn(*static_cast<std::remove_cv_t<std::remove_reference_t<Args>>*>(params[I])...);
}

template <typename... Args>
KernelEntry entry(void (*fn)(Args...), bool barriers) {
    return {[fn](void** params) { call(fn, params, std::index_sequence_for<Args...>{}); }, barriers};
}

std::map<std::string, KernelEntry>& registry() {
    static std::map<std::string, KernelEntry> kernels = [] {
        std::map<std::string, KernelEntry> k;
#define SG_KERNEL(name, barriers) k.emplace(#name, entry(name, barriers))
        SG_KERNEL(sg_unary_f32, false);
        SG_KERNEL(sg_unary_f64, false);
        SG_KERNEL(sg_unary_i64, false);
        SG_KERNEL(sg_binary_f32, false);
        SG_KERNEL(sg_binary_f64, false);
        SG_KERNEL(sg_binary_i64, false);
        SG_KERNEL(sg_binary_bool, false);
        SG_KERNEL(sg_compare_f32, false);
        SG_KERNEL(sg_compare_f64, false);
        SG_KERNEL(sg_compare_i64, false);
        SG_KERNEL(sg_compare_bool, false);
        SG_KERNEL(sg_where_1, false);
        SG_KERNEL(sg_where_4, false);
        SG_KERNEL(sg_where_8, false);
        SG_KERNEL(sg_copy_1, false);
        SG_KERNEL(sg_copy_4, false);
        SG_KERNEL(sg_copy_8, false);
        SG_KERNEL(sg_fill_1, false);
        SG_KERNEL(sg_fill_4, false);
        SG_KERNEL(sg_fill_8, false);
        SG_KERNEL(sg_cast, false);
        SG_KERNEL(sg_upload_small, false);
        SG_KERNEL(sg_reduce_f32, true);
        SG_KERNEL(sg_reduce_f32_finish, true);
        SG_KERNEL(sg_reduce_f64, true);
        SG_KERNEL(sg_reduce_f64_finish, true);
        SG_KERNEL(sg_reduce_i64, true);
        SG_KERNEL(sg_reduce_i64_finish, true);
        SG_KERNEL(sg_reduce_bool, true);
        SG_KERNEL(sg_reduce_bool_finish, true);
        SG_KERNEL(sg_matmul_f32, true);
        SG_KERNEL(sg_matmul_f64, true);
#undef SG_KERNEL
        return k;
    }();
    return kernels;
}

// ---------------------------------------------------------------- threads of a block as coroutines

struct Fiber {
    ucontext_t context;
    char* stack = nullptr;
    bool done = false;
};

ucontext_t scheduler;
std::vector<Fiber> fibers;
bool inFiber = false;
const KernelEntry* running;
void** runningParams;
int currentFiber;

void fiberMain() {
    running->invoke(runningParams);
    fibers[currentFiber].done = true;
}

void runBlockAsFibers(unsigned int threads) {
    if (fibers.size() < threads) {
        fibers.resize(threads);
    }
    for (unsigned int t = 0; t < threads; ++t) {
        Fiber& f = fibers[t];
        if (f.stack == nullptr) {
            f.stack = static_cast<char*>(malloc(FIBER_STACK));
        }
        getcontext(&f.context);
        f.context.uc_stack.ss_sp = f.stack;
        f.context.uc_stack.ss_size = FIBER_STACK;
        f.context.uc_link = &scheduler;
        makecontext(&f.context, fiberMain, 0);
        f.done = false;
    }
    inFiber = true;
    bool pending = true;
    while (pending) {  // one round: every unfinished thread runs to its next barrier or its end
        pending = false;
        for (unsigned int t = 0; t < threads; ++t) {
            if (!fibers[t].done) {
                currentFiber = static_cast<int>(t);
                threadIdx.x = t;
                swapcontext(&scheduler, &fibers[t].context);
                pending = pending || !fibers[t].done;
            }
        }
    }
    inFiber = false;
}

bool inside(uintptr_t address, size_t bytes) {
    auto it = blocks.upper_bound(address);
    if (it == blocks.begin()) {
        return false;
    }
    --it;
    return address >= it->first && address + bytes <= it->first + it->second.bytes;
}

CUresult fail(CUresult code, const char* what) {
    fprintf(stderr, "mock libcuda: %s\n", what);
    return code;
}

}  // namespace

void sg_syncthreads() {
    if (inFiber) {
        swapcontext(&fibers[currentFiber].context, &scheduler);
    }
}

// ---------------------------------------------------------------- the driver API

extern "C" {

CUresult cuGetErrorName(CUresult error, const char** pStr) {
    switch (error) {
        case CUDA_SUCCESS: *pStr = "CUDA_SUCCESS"; return CUDA_SUCCESS;
        case CUDA_ERROR_INVALID_VALUE: *pStr = "CUDA_ERROR_INVALID_VALUE"; return CUDA_SUCCESS;
        case CUDA_ERROR_OUT_OF_MEMORY: *pStr = "CUDA_ERROR_OUT_OF_MEMORY"; return CUDA_SUCCESS;
        case CUDA_ERROR_NOT_INITIALIZED: *pStr = "CUDA_ERROR_NOT_INITIALIZED"; return CUDA_SUCCESS;
        case CUDA_ERROR_NO_DEVICE: *pStr = "CUDA_ERROR_NO_DEVICE"; return CUDA_SUCCESS;
        case CUDA_ERROR_INVALID_DEVICE: *pStr = "CUDA_ERROR_INVALID_DEVICE"; return CUDA_SUCCESS;
        case CUDA_ERROR_NO_BINARY_FOR_GPU: *pStr = "CUDA_ERROR_NO_BINARY_FOR_GPU"; return CUDA_SUCCESS;
        case CUDA_ERROR_NOT_FOUND: *pStr = "CUDA_ERROR_NOT_FOUND"; return CUDA_SUCCESS;
        case CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES: *pStr = "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES"; return CUDA_SUCCESS;
        default: *pStr = nullptr; return CUDA_ERROR_INVALID_VALUE;
    }
}

CUresult cuInit(unsigned int flags) {
    std::lock_guard<std::recursive_mutex> guard(lock);
    if (flags != 0) {
        return fail(CUDA_ERROR_INVALID_VALUE, "cuInit flags must be 0");
    }
    if (getenv("SG_MOCK_NO_DEVICE") != nullptr) {
        return CUDA_ERROR_NO_DEVICE;
    }
    skipKernels = getenv("SG_MOCK_SKIP_KERNELS") != nullptr;
    if (const char* memory = getenv("SG_MOCK_MEMORY")) {
        totalMemory = strtoull(memory, nullptr, 10);
    }
    initialized = true;
    return CUDA_SUCCESS;
}

CUresult cuDriverGetVersion(int* driverVersion) {
    *driverVersion = 13000;
    return CUDA_SUCCESS;
}

CUresult cuDeviceGetCount(int* count) {
    *count = 1;
    return initialized ? CUDA_SUCCESS : CUDA_ERROR_NOT_INITIALIZED;
}

CUresult cuDeviceGet(CUdevice* device, int ordinal) {
    if (ordinal != 0) {
        return CUDA_ERROR_INVALID_DEVICE;
    }
    *device = 0;
    return CUDA_SUCCESS;
}

CUresult cuDeviceGetName(char* name, int len, CUdevice dev) {
    if (dev != 0 || len < 1) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    snprintf(name, static_cast<size_t>(len), "streamgrad mock GPU (CPU emulation)");
    return CUDA_SUCCESS;
}

CUresult cuDeviceGetAttribute(int* pi, CUdevice_attribute attrib, CUdevice dev) {
    if (dev != 0) {
        return CUDA_ERROR_INVALID_DEVICE;
    }
    switch (attrib) {
        case CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT: *pi = MULTIPROCESSORS; return CUDA_SUCCESS;
        case CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR: *pi = 9; return CUDA_SUCCESS;
        case CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR: *pi = 0; return CUDA_SUCCESS;
        default: return fail(CUDA_ERROR_INVALID_VALUE, "unexpected device attribute");
    }
}

CUresult cuDeviceTotalMem(size_t* bytes, CUdevice dev) {
    *bytes = totalMemory;
    return dev == 0 ? CUDA_SUCCESS : CUDA_ERROR_INVALID_DEVICE;
}

CUresult cuDevicePrimaryCtxRetain(CUcontext* pctx, CUdevice dev) {
    *pctx = reinterpret_cast<CUcontext>(&fakeContext);
    return dev == 0 ? CUDA_SUCCESS : CUDA_ERROR_INVALID_DEVICE;
}

CUresult cuCtxSetCurrent(CUcontext ctx) {
    return ctx == reinterpret_cast<CUcontext>(&fakeContext) ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

CUresult cuCtxSynchronize(void) {
    std::lock_guard<std::recursive_mutex> guard(lock);
    ++stats[7];
    return CUDA_SUCCESS;
}

CUresult cuMemAlloc(CUdeviceptr* dptr, size_t bytesize) {
    std::lock_guard<std::recursive_mutex> guard(lock);
    if (bytesize == 0) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    if (usedMemory + bytesize > totalMemory) {
        return CUDA_ERROR_OUT_OF_MEMORY;
    }
    size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    size_t mapped = (bytesize + page - 1) / page * page + page;
    void* base = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) {
        return CUDA_ERROR_OUT_OF_MEMORY;
    }
    char* guardPage = static_cast<char*>(base) + mapped - page;
    mprotect(guardPage, page, PROT_NONE);
    uintptr_t address = reinterpret_cast<uintptr_t>(guardPage) - bytesize;  // the block ends at the guard
    if (address % 256 != 0) {
        address -= address % 256;
    }
    blocks[address] = {bytesize, base, mapped};
    usedMemory += bytesize;
    ++stats[5];
    *dptr = static_cast<CUdeviceptr>(address);
    return CUDA_SUCCESS;
}

CUresult cuMemFree(CUdeviceptr dptr) {
    std::lock_guard<std::recursive_mutex> guard(lock);
    auto it = blocks.find(static_cast<uintptr_t>(dptr));
    if (it == blocks.end()) {
        return fail(CUDA_ERROR_INVALID_VALUE, "cuMemFree of an address that is not an allocation");
    }
    munmap(it->second.mapping, it->second.mapped);
    usedMemory -= it->second.bytes;
    blocks.erase(it);
    ++stats[6];
    return CUDA_SUCCESS;
}

CUresult cuMemGetInfo(size_t* free, size_t* total) {
    std::lock_guard<std::recursive_mutex> guard(lock);
    *free = totalMemory - usedMemory;
    *total = totalMemory;
    return CUDA_SUCCESS;
}

CUresult cuMemcpyHtoD(CUdeviceptr dstDevice, const void* srcHost, size_t ByteCount) {
    std::lock_guard<std::recursive_mutex> guard(lock);
    if (!inside(dstDevice, ByteCount)) {
        return fail(CUDA_ERROR_INVALID_VALUE, "cuMemcpyHtoD outside an allocation");
    }
    memcpy(reinterpret_cast<void*>(dstDevice), srcHost, ByteCount);
    ++stats[1];
    return CUDA_SUCCESS;
}

CUresult cuMemcpyDtoH(void* dstHost, CUdeviceptr srcDevice, size_t ByteCount) {
    std::lock_guard<std::recursive_mutex> guard(lock);
    if (!inside(srcDevice, ByteCount)) {
        return fail(CUDA_ERROR_INVALID_VALUE, "cuMemcpyDtoH outside an allocation");
    }
    memcpy(dstHost, reinterpret_cast<const void*>(srcDevice), ByteCount);
    ++stats[2];
    return CUDA_SUCCESS;
}

CUresult cuMemcpyDtoD(CUdeviceptr dstDevice, CUdeviceptr srcDevice, size_t ByteCount) {
    std::lock_guard<std::recursive_mutex> guard(lock);
    if (!inside(dstDevice, ByteCount) || !inside(srcDevice, ByteCount)) {
        return fail(CUDA_ERROR_INVALID_VALUE, "cuMemcpyDtoD outside an allocation");
    }
    memmove(reinterpret_cast<void*>(dstDevice), reinterpret_cast<const void*>(srcDevice), ByteCount);
    ++stats[4];
    return CUDA_SUCCESS;
}

CUresult cuMemsetD8(CUdeviceptr dstDevice, unsigned char uc, size_t N) {
    std::lock_guard<std::recursive_mutex> guard(lock);
    if (!inside(dstDevice, N)) {
        return fail(CUDA_ERROR_INVALID_VALUE, "cuMemsetD8 outside an allocation");
    }
    memset(reinterpret_cast<void*>(dstDevice), uc, N);
    ++stats[3];
    return CUDA_SUCCESS;
}

CUresult cuMemsetD32(CUdeviceptr dstDevice, unsigned int ui, size_t N) {
    std::lock_guard<std::recursive_mutex> guard(lock);
    if (!inside(dstDevice, N * 4) || dstDevice % 4 != 0) {
        return fail(CUDA_ERROR_INVALID_VALUE, "cuMemsetD32 outside an allocation or misaligned");
    }
    unsigned int* p = reinterpret_cast<unsigned int*>(dstDevice);
    for (size_t i = 0; i < N; ++i) {
        p[i] = ui;
    }
    ++stats[3];
    return CUDA_SUCCESS;
}

CUresult cuModuleLoadData(CUmodule* module, const void* image) {
    const unsigned char* bytes = static_cast<const unsigned char*>(image);
    bool elf = bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F';
    if (elf && getenv("SG_MOCK_CUBIN_FAILS") != nullptr) {
        return CUDA_ERROR_NO_BINARY_FOR_GPU;
    }
    if (!elf && strstr(static_cast<const char*>(image), ".visible .entry sg_unary_f32") == nullptr) {
        return fail(CUDA_ERROR_INVALID_IMAGE, "the PTX image lacks the kernels (or its NUL terminator)");
    }
    *module = reinterpret_cast<CUmodule>(&registry());
    return CUDA_SUCCESS;
}

CUresult cuModuleGetFunction(CUfunction* hfunc, CUmodule hmod, const char* name) {
    auto& kernels = registry();
    if (hmod != reinterpret_cast<CUmodule>(&kernels)) {
        return CUDA_ERROR_INVALID_HANDLE;
    }
    auto it = kernels.find(name);
    if (it == kernels.end()) {
        return CUDA_ERROR_NOT_FOUND;
    }
    *hfunc = reinterpret_cast<CUfunction>(&it->second);
    return CUDA_SUCCESS;
}

CUresult cuLaunchKernel(CUfunction f, unsigned int gridDimX, unsigned int gridDimY, unsigned int gridDimZ,
                        unsigned int blockDimX, unsigned int blockDimY, unsigned int blockDimZ,
                        unsigned int sharedMemBytes, CUstream hStream, void** kernelParams, void** extra) {
    std::lock_guard<std::recursive_mutex> guard(lock);
    if (gridDimX == 0 || gridDimY == 0 || gridDimZ == 0 || gridDimX > 0x7fffffffu || gridDimY > 65535
        || gridDimZ > 65535) {
        return fail(CUDA_ERROR_INVALID_VALUE, "grid dimensions out of range");
    }
    if (blockDimX * blockDimY * blockDimZ > 1024 || blockDimY != 1 || blockDimZ != 1) {
        return fail(CUDA_ERROR_INVALID_VALUE, "block dimensions out of range (the mock runs 1-D blocks)");
    }
    if (sharedMemBytes != 0 || hStream != nullptr || kernelParams == nullptr || extra != nullptr) {
        return fail(CUDA_ERROR_INVALID_VALUE, "unexpected launch arguments");
    }
    const KernelEntry* kernel = reinterpret_cast<const KernelEntry*>(f);
    gridDim = {gridDimX, gridDimY, gridDimZ};
    blockDim = {blockDimX, 1, 1};
    ++stats[0];
    if (skipKernels) {
        return CUDA_SUCCESS;
    }
    for (unsigned int z = 0; z < gridDimZ; ++z) {
        for (unsigned int y = 0; y < gridDimY; ++y) {
            for (unsigned int x = 0; x < gridDimX; ++x) {
                blockIdx = {x, y, z};
                if (kernel->barriers) {
                    running = kernel;
                    runningParams = kernelParams;
                    runBlockAsFibers(blockDimX);
                } else {
                    for (unsigned int t = 0; t < blockDimX; ++t) {
                        threadIdx.x = t;
                        kernel->invoke(kernelParams);
                    }
                }
            }
        }
    }
    return CUDA_SUCCESS;
}

// Not part of CUDA: counters for tests (launches, htod, dtoh, memsets, dtod, allocs, frees, syncs).
void sgmock_stats(long long* out) {
    std::lock_guard<std::recursive_mutex> guard(lock);
    for (int i = 0; i < 8; ++i) {
        out[i] = stats[i];
    }
}

}  // extern "C"
