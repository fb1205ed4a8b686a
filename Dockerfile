# syntax=docker/dockerfile:1
# The streamgrad image: the runnable jar, built by the Maven Wrapper, run by the ./streamgrad launcher.
# docker-compose.yml builds it for the trainer, the producer and the prediction service:
#   docker build -t streamgrad:0.1.0-SNAPSHOT .
#   docker run --rm streamgrad:0.1.0-SNAPSHOT ./streamgrad --help

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY config/streamgrad.yaml config/streamgrad.yaml
COPY src/main/ src/main/
# -DskipTests still compiles the tests (pom.xml's testSourceDirectory), so they are part of the build.
COPY tests/ tests/
# The cache mount keeps Maven and the dependencies between builds without baking them into a layer.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -DskipTests package && cp target/streamgrad-*-all.jar /streamgrad-all.jar

FROM eclipse-temurin:25-jdk
WORKDIR /app
COPY streamgrad ./
COPY .ci/jdk.sh .ci/jdk.sh
# `streamgrad produce --csv src/main/resources/data/50_Startups.csv` replays the bundled data set.
COPY src/main/resources/data/ src/main/resources/data/
COPY --from=build /streamgrad-all.jar target/streamgrad-all.jar
# The launcher rebuilds when a file under src/main is newer than the jar; there is no Maven here, so the
# jar must be the newest file. A user without a login runs it.
RUN touch target/streamgrad-all.jar \
    && useradd --system --no-create-home --uid 10001 streamgrad
USER 10001
# 8080: serving.port (POST /predict, status page); 9464: metrics.prometheus.port (GET /metrics).
EXPOSE 8080 9464
CMD ["./streamgrad", "--help"]
