package io.streamgrad.pipeline;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A built block is immutable: its builder, whose arrays it takes over, builds once. */
class RecordBlockTest {
    private static final CsvRowDecoder DECODER = new CsvRowDecoder(List.of("x", "y"), List.of("x"), "y", "", 64);

    private static byte[] row(String csv) {
        return csv.getBytes(StandardCharsets.UTF_8);
    }

    private static SourceRecord record(long offset) {
        return new SourceRecord("rows", 0, offset, null, row(offset + "," + (2 * offset)), List.of());
    }

    @Test
    void aBuilderRefusesToAddOnceItHasBuilt() {
        RecordBlock.Builder builder = RecordBlock.builder(DECODER, 2, i -> record(i));
        builder.add("rows", 0, 0, null, row("1,2"));
        RecordBlock block = builder.build();

        assertThatThrownBy(() -> builder.add("rows", 0, 1, null, row("3,6")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot add a record to a block builder that has already built its block");
        assertThat(block.size()).isEqualTo(1);
        assertThat(block.offset(0)).isZero();
        assertThat(block.target(0)).isEqualTo(2);
    }

    @Test
    void aBuilderBuildsOnce() {
        RecordBlock.Builder builder = RecordBlock.builder(DECODER, 1, i -> record(i));
        builder.add("rows", 0, 0, null, row("1,2"));
        builder.build();

        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot build a block builder that has already built its block (of 1 records)");
    }
}
