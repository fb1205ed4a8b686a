package io.streamgrad.kafka;

import org.junit.jupiter.api.Test;

import java.io.ObjectStreamClass;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The receiver's and sender's exceptions declare their serialVersionUID, as every other exception of streamgrad
 * does, so that their serialized form does not change with each recompilation.
 */
class ExceptionsTest {
    private static final List<Class<? extends RuntimeException>> EXCEPTIONS = List.of(ReceiverException.class,
            SenderFatalException.class, SenderFencedException.class, TransactionAbortedException.class);

    @Test
    void eachDeclaresSerialVersionUidOne() throws NoSuchFieldException {
        for (Class<? extends RuntimeException> type : EXCEPTIONS) {
            assertThat(type.getDeclaredFields()).as("fields of %s", type.getSimpleName()).extracting(Field::getName)
                    .contains("serialVersionUID");
            Field field = type.getDeclaredField("serialVersionUID");

            assertThat(Modifier.isPrivate(field.getModifiers()) && Modifier.isStatic(field.getModifiers())
                    && Modifier.isFinal(field.getModifiers())).as("%s is private static final", field).isTrue();
            assertThat(ObjectStreamClass.lookup(type).getSerialVersionUID()).as(type.getSimpleName()).isEqualTo(1L);
        }
    }
}
