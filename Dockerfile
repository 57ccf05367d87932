# mcprisk for registry crawls: the static binary, plus what stdio servers from registries need to
# run (Node.js for npm packages, Python with venv and pip for PyPI packages) and bubblewrap for
# the sandbox they run in. See docs/registry-crawl.md.
#
#   docker build -t mcprisk .
#   docker run --rm -v "$PWD/out:/out" mcprisk crawl --registry --shard 1/4 --out /out/shard-1 --no-sandbox

# The binary: statically linked against musl, so that it runs on any Linux.
FROM rust:1-trixie AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends musl-tools \
    && rm -rf /var/lib/apt/lists/*
RUN rustup target add "$(uname -m)-unknown-linux-musl"
WORKDIR /src
COPY . .
RUN cargo build --locked --release --target "$(uname -m)-unknown-linux-musl" \
    && cp "target/$(uname -m)-unknown-linux-musl/release/mcprisk" /usr/local/bin/mcprisk

FROM debian:trixie-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        bubblewrap ca-certificates nodejs npm python3 python3-venv python3-pip \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /usr/local/bin/mcprisk /usr/local/bin/mcprisk
# Crawl as an unprivileged user; the catalog and the package cache live on volumes.
RUN useradd --create-home --uid 10001 crawler \
    && mkdir -p /out /cache /data \
    && chown crawler: /out /cache /data
USER crawler
ENV MCPRISK_HOME=/data/catalog \
    MCPRISK_PACKAGE_CACHE=/cache/packages
WORKDIR /home/crawler
ENTRYPOINT ["mcprisk"]
CMD ["--help"]
