package io.streamgrad.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamgrad.autograd.Autograd;
import io.streamgrad.autograd.GradScope;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** requires_grad propagation, detach, and grad-mode scopes, which are per thread. */
class EngineGradModeTest {

    private static Tensor leaf() {
        return Tensor.randn(3).requiresGrad_();
    }

    @Test
    void anOpRequiresGradWhenAnyInputDoes() {
        Tensor x = leaf();
        Tensor y = x.mul(Tensor.ones(3));
        assertThat(y.requiresGrad()).isTrue();
        assertThat(y.isLeaf()).isFalse();
        assertThat(y.gradFn().name()).isEqualTo("MulBackward0");
        Tensor z = Tensor.ones(3).mul(Tensor.ones(3));
        assertThat(z.requiresGrad()).isFalse();
        assertThat(z.gradFn()).isNull();
        assertThat(z.isLeaf()).isTrue();
    }

    @Test
    void detachCutsTheGraph() {
        Tensor y = leaf().exp();
        Tensor d = y.detach();
        assertThat(d.requiresGrad()).isFalse();
        assertThat(d.gradFn()).isNull();
        assertThat(d.isLeaf()).isTrue();
        assertThat(d.storage()).isSameAs(y.storage());
        assertThat(d.mul(2L).requiresGrad()).isFalse();
    }

    @Test
    void aDetachedTensorStaysCutWhenTheTensorItCameFromIsModifiedInPlace() {
        Tensor y = leaf().mul(2L);
        Tensor d = y.detach();
        y.mul_(3L);
        assertThat(d.gradFn()).as("as torch: detach() is not a differentiable view").isNull();
        assertThat(d.requiresGrad()).isFalse();
        assertThat(d.toString()).doesNotContain("grad_fn");
        assertThat(d.version()).as("but it shares the version counter").isEqualTo(y.version());
    }

    @Test
    void aViewOfADetachedTensorFollowsInPlaceChangesOfThatTensorOnly() {
        Tensor d = leaf().mul(2L).detach();
        Tensor v = d.narrow(0, 0, 2);
        d.mul_(leaf());
        assertThat(v.gradFn().name()).isEqualTo("AsStridedBackward0");
        assertThat(v.requiresGrad()).isTrue();
    }

    @Test
    void opsUnderNoGradRecordNothing() {
        Tensor x = leaf();
        Tensor y;
        try (GradScope _ = Autograd.noGrad()) {
            assertThat(Autograd.isGradEnabled()).isFalse();
            y = x.mul(2L).exp().sum();
        }
        assertThat(Autograd.isGradEnabled()).isTrue();
        assertThat(y.requiresGrad()).isFalse();
        assertThat(y.gradFn()).isNull();
    }

    @Test
    void enableGradInsideNoGradRecordsAndScopesRestoreTheOuterMode() {
        Tensor x = leaf();
        try (GradScope _ = Autograd.noGrad()) {
            try (GradScope _ = Autograd.enableGrad()) {
                assertThat(x.mul(2L).gradFn().name()).isEqualTo("MulBackward0");
            }
            assertThat(Autograd.isGradEnabled()).isFalse();
            assertThat(x.mul(2L).requiresGrad()).isFalse();
        }
        assertThat(Autograd.isGradEnabled()).isTrue();
    }

    @Test
    void gradModeIsPerThread() throws Exception {
        Tensor x = leaf();
        CountDownLatch insideNoGrad = new CountDownLatch(1);
        CountDownLatch checkedOnMain = new CountDownLatch(1);
        CompletableFuture<Boolean> recordedOnOtherThread = CompletableFuture.supplyAsync(() -> {
            try (GradScope _ = Autograd.noGrad()) {
                insideNoGrad.countDown();
                await(checkedOnMain);
                return x.mul(2L).requiresGrad();
            }
        });

        assertThat(insideNoGrad.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(Autograd.isGradEnabled()).isTrue();
        Tensor y = x.mul(2L);
        checkedOnMain.countDown();

        assertThat(y.gradFn().name()).isEqualTo("MulBackward0");
        assertThat(recordedOnOtherThread.get(10, TimeUnit.SECONDS)).isFalse();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
