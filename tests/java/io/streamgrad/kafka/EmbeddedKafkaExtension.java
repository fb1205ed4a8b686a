package io.streamgrad.kafka;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one {@link EmbeddedKafka} per test class (before all its tests) and stops it after them.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();
 * ... KAFKA.bootstrapServers() ...
 * }</pre>
 * or {@code @ExtendWith(EmbeddedKafkaExtension.class)} with an {@link EmbeddedKafka} or {@link KafkaCluster}
 * test-method parameter. Pass a configured {@link EmbeddedKafka.Builder} for options (e.g. SCRAM).
 * Nested test classes share their outer class's broker.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver, KafkaCluster {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaExtension.class);

    private final EmbeddedKafka.Builder builder;
    private EmbeddedKafka broker;
    private String owner;

    /** A PLAINTEXT broker on a free port with a temporary directory. */
    public EmbeddedKafkaExtension() {
        this(EmbeddedKafka.builder());
    }

    /** A broker with the builder's options. */
    public EmbeddedKafkaExtension(EmbeddedKafka.Builder builder) {
        this.builder = builder;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (broker == null) {
            broker = builder.start();
            owner = context.getUniqueId();
            log.info("{} for {} started in {} ms", broker, context.getDisplayName(), broker.startupTime().toMillis());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null && context.getUniqueId().equals(owner)) {
            broker.close();
            broker = null;
        }
    }

    /** The running broker. */
    public EmbeddedKafka broker() {
        if (broker == null) {
            throw new IllegalStateException("The embedded broker runs only between beforeAll and afterAll: register the"
                    + " extension on a static field (@RegisterExtension static) or with @ExtendWith on the class.");
        }
        return broker;
    }

    @Override
    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    @Override
    public KafkaClientConfig clientConfig() {
        return KafkaClientConfig.of(broker().clientProperties());
    }

    @Override
    public void createTopic(String name, int partitions, boolean compacted) {
        broker().createTopic(name, partitions, compacted);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == EmbeddedKafka.class || type == KafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedKafka.class ? broker() : this;
    }
}
