package io.streamgrad.backend.cuda;

import io.streamgrad.backend.Strided;

import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic release of GPU memory: every CUDA storage allocated on this thread while the scope is the
 * innermost open one belongs to it, and its memory goes back to the caching allocator when the scope
 * closes, whether or not Java still references the tensor.
 *
 * <pre>{@code
 * for (int step = 0; step < steps; step++) {
 *     try (CudaScope s = CudaBackend.scope()) {
 *         Tensor loss = lossFn.forward(model.forward(x), y);   // activations, graph, gradients ...
 *         loss.backward();
 *         optimizer.step();                                    // in place on parameters made outside
 *         last = s.keep(loss);                                 // survives this scope
 *     }                                                        // everything else is released here
 * }
 * }</pre>
 *
 * <p>Contract: scopes nest and close in reverse order, on the thread that opened them. A tensor whose storage
 * was released raises {@link IllegalStateException} when a CUDA op reads or writes it, rather than
 * touching memory that may belong to another tensor. Tensors that must outlive the scope (a result, state
 * created inside) are handed to {@link #keep} or {@link #persist}; optimizers persist their own state
 * ({@code Tensor.persist()}), so a scope per training step keeps momentum and Adam buffers. Storages allocated with no
 * scope open are released by {@link CudaStorage#close()}, or, as a safety net only, when the garbage collector
 * finds them unreachable.
 */
public final class CudaScope implements AutoCloseable {
    private static final ThreadLocal<CudaScope> CURRENT = new ThreadLocal<>();

    private final CudaScope parent;
    private final Thread thread;
    private final List<DeviceBlock> owned = new ArrayList<>();
    private boolean closed;

    private CudaScope(CudaScope parent) {
        this.parent = parent;
        this.thread = Thread.currentThread();
    }

    /** Opens a scope nested in the current one (if any) on this thread. */
    static CudaScope open() {
        CudaScope scope = new CudaScope(CURRENT.get());
        CURRENT.set(scope);
        return scope;
    }

    /** Gives a newly allocated block to the innermost open scope of this thread; false when none is open. */
    static boolean adoptNew(DeviceBlock block) {
        CudaScope scope = CURRENT.get();
        if (scope == null) {
            return false;
        }
        scope.adopt(block);
        return true;
    }

    private void adopt(DeviceBlock block) {
        block.owner = this;
        owned.add(block);
    }

    /**
     * Moves {@code view}'s storage out of this scope: to the enclosing scope, or, from the outermost one, to
     * no scope (then {@link CudaStorage#close()} or the Cleaner releases it). Views of storages this scope
     * does not own, and CPU views, are returned unchanged.
     *
     * @return {@code view}, for chaining
     */
    public <T extends Strided> T keep(T view) {
        checkThread();
        if (view.storage() instanceof CudaStorage storage && storage.block().owner == this) {
            DeviceBlock block = storage.block();
            if (parent != null) {
                parent.adopt(block);
            } else {
                block.owner = null;
                storage.unowned();
            }
        }
        return view;
    }

    /**
     * Takes {@code view}'s storage out of every scope: only {@link CudaStorage#close()} (or the Cleaner) releases
     * it. For state that lives across iterations but is created inside one, such as an optimizer's momentum
     * buffers. Call it on the thread that allocated the storage.
     *
     * @return {@code view}, for chaining
     */
    public static <T extends Strided> T persist(T view) {
        if (view.storage() instanceof CudaStorage storage && storage.block().owner != null) {
            storage.block().owner.checkThread();
            storage.block().owner = null;
            storage.unowned();
        }
        return view;
    }

    /** Releases every storage this scope still owns. Idempotent. */
    @Override
    public void close() {
        checkThread();
        if (closed) {
            return;
        }
        if (CURRENT.get() != this) {
            throw new IllegalStateException("CUDA scopes must close in the reverse order of opening: an inner scope"
                    + " opened after this one is still open");
        }
        closed = true;
        CURRENT.set(parent);
        for (DeviceBlock block : owned) {
            if (block.owner == this) {
                block.owner = null;
                block.release();
            }
        }
        owned.clear();
    }

    private void checkThread() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("a CudaScope belongs to the thread that opened it (" + thread.getName()
                    + "), not " + Thread.currentThread().getName());
        }
    }
}
