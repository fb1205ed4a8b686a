/**
 * The reactive bridge between Kafka and the pipeline: kafka-clients under Project Reactor, plus an in-JVM
 * broker.
 *
 * <ul>
 *   <li>{@link io.streamgrad.kafka.KafkaReceiver}: a {@code Flux} of
 *       {@link io.streamgrad.kafka.ReceiverRecord}s from one consumer on one poll thread; honours demand by
 *       pausing partitions; commits only acknowledged offsets. Configured by
 *       {@link io.streamgrad.kafka.ReceiverOptions}; observed by {@link io.streamgrad.kafka.ReceiverStatus};
 *       rebalances reach the application through {@link io.streamgrad.kafka.RebalanceListener}.</li>
 *   <li>{@link io.streamgrad.kafka.KafkaSender}: sends records with bounded in-flight, one
 *       {@link io.streamgrad.kafka.SendResult} per {@link io.streamgrad.kafka.SenderRecord}.</li>
 *   <li>{@link io.streamgrad.kafka.TransactionalSender}: one Kafka transaction per call (records and
 *       consumer offsets together), with aborts and fencing made explicit.</li>
 *   <li>{@link io.streamgrad.kafka.KafkaClientConfig} and {@link io.streamgrad.kafka.SecretResolver}: any
 *       client property passes through; secrets come from {@code ${env:...}} or {@code ${file:...}} and never
 *       reach the logs.</li>
 *   <li>{@link io.streamgrad.kafka.EmbeddedKafka}: a single-node KRaft broker in this JVM, for the demo and
 *       the tests.</li>
 * </ul>
 * Each public type states its threading, backpressure, error and cancellation contract. The machinery
 * (poll loop, flow control, offset tracking, drain loop) is in {@code io.streamgrad.kafka.internal}, which
 * is not an API.
 */
package io.streamgrad.kafka;
