package io.streamgrad.cli;

import io.streamgrad.config.ConfigTree;
import io.streamgrad.kafka.EmbeddedKafka;
import io.streamgrad.kafka.KafkaClientConfig;
import io.streamgrad.pipeline.DemoRows;
import io.streamgrad.pipeline.KafkaTrainer;
import io.streamgrad.pipeline.RowProducer;
import io.streamgrad.pipeline.Trainers;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code streamgrad bench-pipeline}: end-to-end rows/s from a topic of pre-produced rows to the published
 * model (Linear(3→1), count-based batches), against a bare {@code KafkaConsumer} reading the same topic in
 * the same run, with the heap in use. Figures go to BENCHMARKS.md.
 */
@Command(name = "bench-pipeline", mixinStandardHelpOptions = true,
        description = "Benchmark: trainer rows/s vs a bare KafkaConsumer on the same pre-produced topic.")
final class BenchPipelineCommand implements Callable<Integer> {
    @Option(names = "--rows", defaultValue = "1000000", description = "Rows in the topic (default: ${DEFAULT-VALUE})")
    private int rows;

    @Option(names = "--batch-size", defaultValue = "256")
    private int batchSize;

    @Option(names = "--publish-every", defaultValue = "100", description = "Batches per transaction")
    private int publishEvery;

    @Override
    public Integer call() throws Exception {
        System.setProperty("org.slf4j.simpleLogger.log.io.streamgrad", "warn");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            KafkaClientConfig client = KafkaClientConfig.of(kafka.clientProperties());
            ConfigTree config = ConfigTree.of(Map.of("training.batch-size", batchSize, "training.max-wait-ms", 0,
                    "training.publish-every", publishEvery, "kafka.topics.rows", "bench.rows",
                    "kafka.topics.models", "bench.models", "kafka.topics.metrics", "bench.metrics",
                    "kafka.topics.dead-letter", "bench.dlq", "training.idle-publish-ms", 200));
            kafka.createTopic("bench.rows", 1, false);
            kafka.createTopic("bench.models", 1, true);
            kafka.createTopic("bench.metrics", 1, false);
            kafka.createTopic("bench.dlq", 1, false);
            List<String> lines = DemoRows.generate(rows, 11, 0);
            RowProducer.produce(client, "bench.rows", lines, 1, 0, n -> { });
            System.out.printf(Locale.ROOT, "topic bench.rows holds %,d rows%n", rows);

            double bare = bareConsumer(kafka.clientProperties(), rows);
            System.gc();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            AtomicLong peakHeap = new AtomicLong();
            ProgressListener progress = new ProgressListener();
            long start = System.nanoTime();
            try (KafkaTrainer trainer = Trainers.create(config, client, progress)) {
                trainer.start();
                // Count-based batches: a partial last batch waits for more rows, so the run ends at the last full one.
                long trainable = rows - rows % batchSize;
                while (progress.rows.get() < trainable || trainer.core().hasUnpublished()) {
                    peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    Thread.sleep(20);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double trainerRate = trainable / seconds;
                System.out.printf(Locale.ROOT, "bare KafkaConsumer: %,.0f rows/s%n", bare);
                System.out.printf(Locale.ROOT, "trainer (decode, scale, batch %d, step, publish every %d): %,.0f rows/s"
                        + " = %.2fx the bare consumer%n", batchSize, publishEvery, trainerRate, trainerRate / bare);
                System.out.printf(Locale.ROOT, "heap in use: peak %.0f MiB during training (max heap %.0f MiB)%n",
                        peakHeap.get() / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
            }
        }
        return 0;
    }

    private static double bareConsumer(Map<String, Object> props, int rows) {
        Map<String, Object> p = new HashMap<>(props);
        p.put("max.poll.records", 2000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition("bench.rows", 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long start = System.nanoTime();
            long read = 0;
            while (read < rows) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
                read += batch.count();
            }
            return rows / ((System.nanoTime() - start) / 1e9);
        }
    }
}
