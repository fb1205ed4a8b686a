package io.streamgrad.backend.cuda;

import io.streamgrad.tensor.Backends;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated tests only where a CUDA GPU can be used; elsewhere JUnit reports them skipped with the
 * reason the backend gave (no NVIDIA driver, no GPU, ...).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresCuda.Condition.class)
@interface RequiresCuda {

    /** The condition behind {@link RequiresCuda}. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (Backends.cudaAvailable()) {
                return ConditionEvaluationResult.enabled("a CUDA GPU is available");
            }
            try {
                Backends.of(io.streamgrad.tensor.Device.cuda(0));
                return ConditionEvaluationResult.disabled("CUDA is not available");
            } catch (RuntimeException e) {
                return ConditionEvaluationResult.disabled(e.getMessage());
            }
        }
    }
}
