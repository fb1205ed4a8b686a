package io.streamgrad.tensor;

/**
 * A tensor operation was called with arguments it cannot work on: mismatched shapes, a dtype the op
 * does not accept, an index out of range. The message follows PyTorch's wording where PyTorch has one,
 * so a user can search for it, and otherwise says what was given and what was expected.
 */
public class TensorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with {@code message}, worded as PyTorch words the error where it has one. */
    public TensorException(String message) {
        super(message);
    }
}
