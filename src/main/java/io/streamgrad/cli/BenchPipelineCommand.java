package io.streamgrad.cli;

import io.streamgrad.config.ConfigTree;
import io.streamgrad.kafka.EmbeddedKafka;
import io.streamgrad.kafka.KafkaClientConfig;
import io.streamgrad.pipeline.BatchResult;
import io.streamgrad.pipeline.DemoRows;
import io.streamgrad.pipeline.KafkaTrainer;
import io.streamgrad.pipeline.Output;
import io.streamgrad.pipeline.RowProducer;
import io.streamgrad.pipeline.TrainerListener;
import io.streamgrad.pipeline.Trainers;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code streamgrad bench-pipeline}: end-to-end rows/s from a topic of pre-produced rows to the published
 * model (Linear(3→1), count-based batches), against a bare {@code KafkaConsumer} reading the same topic in
 * the same run, with the heap in use. Several rounds, each a bare read then a trainer with a fresh consumer
 * group and model topic, so JIT warm-up shows and the best and median rounds can be told from noise.
 * Figures go to BENCHMARKS.md.
 */
@Command(name = "bench-pipeline", mixinStandardHelpOptions = true,
        description = "Benchmark: trainer rows/s vs a bare KafkaConsumer on the same pre-produced topic.")
final class BenchPipelineCommand implements Callable<Integer> {
    private static final String ROWS_TOPIC = "bench.rows";

    @Option(names = "--rows", defaultValue = "1000000", description = "Rows in the topic (default: ${DEFAULT-VALUE})")
    private int rows;

    @Option(names = "--batch-size", defaultValue = "256", description = "Rows per step (default: ${DEFAULT-VALUE})")
    private int batchSize;

    @Option(names = "--publish-every", defaultValue = "100",
            description = "Batches per publication (and transaction) (default: ${DEFAULT-VALUE})")
    private int publishEvery;

    @Option(names = "--rounds", defaultValue = "3", description = "Bare-consumer/trainer pairs (default: ${DEFAULT-VALUE})")
    private int rounds;

    @Option(names = "--max-in-flight-rows", defaultValue = "32768",
            description = "training.max-in-flight-rows (default: ${DEFAULT-VALUE}, the config's default)")
    private int maxInFlightRows;

    @Spec
    private CommandSpec spec;

    /** One round's figures: rows/s of the bare consumer and of the trainer, the trainer's peak heap in use. */
    private record Round(double bare, double trainer, double trainerFromStart, long peakHeap) {
        double ratio() {
            return trainer / bare;
        }
    }

    @Override
    public Integer call() throws Exception {
        // Checked before a broker starts: a size of 0 divided by zero below, or, for --rounds, failed after the
        // rows were produced; a bound of 0 failed when the first trainer started.
        OptionChecks.atLeast(spec, "--rows", rows, 1);
        OptionChecks.atLeast(spec, "--batch-size", batchSize, 1);
        OptionChecks.atLeast(spec, "--publish-every", publishEvery, 1);
        OptionChecks.atLeast(spec, "--rounds", rounds, 1);
        OptionChecks.atLeast(spec, "--max-in-flight-rows", maxInFlightRows, 1);
        // Whole publications only: the run ends with the commit of the last one, not with an idle publication.
        long trainable = rows - rows % ((long) batchSize * publishEvery);
        if (trainable == 0) {
            throw new ParameterException(spec.commandLine(), "--rows " + rows + " holds no complete publication: it"
                    + " needs at least --batch-size × --publish-every = " + (long) batchSize * publishEvery + " rows");
        }
        // After the checks: a refused run leaves this JVM's log levels alone (tests run commands in one JVM).
        System.setProperty("org.slf4j.simpleLogger.log.io.streamgrad", "warn");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            KafkaClientConfig client = KafkaClientConfig.of(kafka.clientProperties());
            kafka.createTopic(ROWS_TOPIC, 1, false);
            RowProducer.produce(client, ROWS_TOPIC, DemoRows.generate(rows, 11, 0), 1, 0, n -> { });
            System.out.printf(Locale.ROOT, "topic %s holds %,d rows; the trainer's run ends with the commit of the"
                    + " publication after row %,d%n", ROWS_TOPIC, rows, trainable);
            List<Round> results = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                double bare = bareConsumer(kafka.clientProperties(), rows);
                System.gc();
                Round r = trainer(kafka, client, round, trainable, bare);
                results.add(r);
                System.out.printf(Locale.ROOT, "round %d: bare KafkaConsumer %,.0f rows/s; trainer %,.0f rows/s"
                                + " (%,.0f counting its start) = %.2fx; peak heap in use %.0f MiB%n", round, r.bare(),
                        r.trainer(), r.trainerFromStart(), r.ratio(), r.peakHeap() / 1048576.0);
            }
            report(results);
        }
        return 0;
    }

    private Round trainer(EmbeddedKafka kafka, KafkaClientConfig client, int round, long trainable, double bare)
            throws InterruptedException {
        String suffix = "." + round;
        for (String topic : List.of("bench.models", "bench.metrics", "bench.dlq")) {
            kafka.createTopic(topic + suffix, 1, topic.equals("bench.models"));
        }
        ConfigTree config = ConfigTree.of(Map.ofEntries(Map.entry("training.batch-size", batchSize),
                Map.entry("training.max-wait-ms", 0), Map.entry("training.publish-every", publishEvery),
                Map.entry("training.max-in-flight-rows", maxInFlightRows), Map.entry("training.idle-publish-ms", 200),
                Map.entry("kafka.topics.rows", ROWS_TOPIC), Map.entry("kafka.topics.models", "bench.models" + suffix),
                Map.entry("kafka.topics.metrics", "bench.metrics" + suffix),
                Map.entry("kafka.topics.dead-letter", "bench.dlq" + suffix),
                Map.entry("kafka.group-id", "bench-" + round), Map.entry("kafka.instance-id", "bench-" + round)));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ThreadCpu cpu = new ThreadCpu();
        long peakHeap = 0;
        LastPublication done = new LastPublication(trainable);
        long start = System.nanoTime();
        long assigned = 0;
        try (KafkaTrainer trainer = Trainers.create(config, client, done)) {
            trainer.start();
            while (done.committedAtNanos == 0) {
                if (assigned == 0 && !trainer.receiver().status().assignment().isEmpty()) {
                    assigned = System.nanoTime();
                }
                peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
                Thread.sleep(1);
            }
            cpu.print((done.committedAtNanos - start) / 1e6);
        }
        long end = done.committedAtNanos;
        return new Round(bare, trainable / ((end - assigned) / 1e9), trainable / ((end - start) / 1e9), peakHeap);
    }

    /** CPU time per thread (threads of one kind summed) between its creation and {@link #print}. */
    private static final class ThreadCpu {
        private final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final Map<Long, Long> before = new HashMap<>();

        ThreadCpu() {
            for (long id : threads.getAllThreadIds()) {
                before.put(id, threads.getThreadCpuTime(id));
            }
        }

        void print(double wallMillis) {
            Map<String, Double> byKind = new HashMap<>();
            for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                long now = threads.getThreadCpuTime(info.getThreadId());
                long spent = now - before.getOrDefault(info.getThreadId(), 0L);
                byKind.merge(info.getThreadName().replaceAll("[0-9]+", "N"), spent / 1e6, Double::sum);
            }
            StringBuilder top = new StringBuilder();
            byKind.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(8)
                    .forEach(e -> top.append(String.format(Locale.ROOT, "%n    %6.0f ms  %s", e.getValue(), e.getKey())));
            System.out.printf(Locale.ROOT, "  CPU by thread over %.0f ms of wall time (threads that ended are missing):%s%n",
                    wallMillis, top);
        }
    }

    /** Notes when the commit holding the publication after {@code trainable} rows completed. */
    private static final class LastPublication implements TrainerListener {
        private final long trainable;
        private boolean lastPublicationSent;
        volatile long committedAtNanos;
        private long commits;
        private long commitNanos;
        private long maxCommitNanos;

        LastPublication(long trainable) {
            this.trainable = trainable;
        }

        @Override
        public void onBatch(BatchResult result, long receivedRows) {
            if (result.publishDue() && receivedRows >= trainable) {
                lastPublicationSent = true;
            }
        }

        @Override
        public void onCommitted(List<Output.ModelPublication> publications, long latencyNanos) {
            commits++;
            commitNanos += latencyNanos;
            maxCommitNanos = Math.max(maxCommitNanos, latencyNanos);
            if (lastPublicationSent && !publications.isEmpty() && committedAtNanos == 0) {
                System.out.printf(Locale.ROOT, "  %d transactions, %.1f ms on average from start to commit, %.1f ms at most%n",
                        commits, commitNanos / 1e6 / commits, maxCommitNanos / 1e6);
            }
            // Transactions commit in order: the first with publications after the last one was due holds it.
            if (lastPublicationSent && !publications.isEmpty() && committedAtNanos == 0) {
                committedAtNanos = System.nanoTime();
            }
        }
    }

    private void report(List<Round> results) {
        List<Round> byRatio = new ArrayList<>(results);
        byRatio.sort((a, b) -> Double.compare(a.ratio(), b.ratio()));
        Round median = byRatio.get(byRatio.size() / 2);
        Round best = byRatio.get(byRatio.size() - 1);
        System.out.printf(Locale.ROOT, "median round: bare KafkaConsumer %,.0f rows/s, trainer (decode, scale, batch %d,"
                        + " step, publish every %d) %,.0f rows/s = %.2fx the bare consumer; best round %.2fx%n",
                median.bare(), batchSize, publishEvery, median.trainer(), median.ratio(), best.ratio());
        System.out.printf(Locale.ROOT, "heap in use: peak %.0f MiB during training (max heap %.0f MiB)%n",
                results.stream().mapToLong(Round::peakHeap).max().orElse(0) / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0);
    }

    private static double bareConsumer(Map<String, Object> props, int rows) {
        ThreadCpu cpu = new ThreadCpu();
        double rate = bareRead(props, rows);
        cpu.print(rows / rate * 1000);
        return rate;
    }

    private static double bareRead(Map<String, Object> props, int rows) {
        Map<String, Object> p = new HashMap<>(props);
        p.put("max.poll.records", 2000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(ROWS_TOPIC, 0);
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
