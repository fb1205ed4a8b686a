package io.streamgrad.autograd;

import io.streamgrad.tensor.TensorException;

/**
 * The autograd engine refused an operation: backward through a freed graph, a saved tensor modified in
 * place, an in-place op on a leaf that requires grad. Messages are PyTorch's, word for word.
 */
public class AutogradException extends TensorException {
    private static final long serialVersionUID = 1L;

    /** An exception with PyTorch's message for the refusal. */
    public AutogradException(String message) {
        super(message);
    }
}
