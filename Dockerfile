# syntax=docker/dockerfile:1
# Build stage: a wheel of talentbot and its dependencies, compiled where needed.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update && apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
RUN python -m venv /opt/venv && /opt/venv/bin/pip install .

# Runtime stage: the venv, the config folder, a non-root user and a data volume for SQLite.
FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 \
    TALENTBOT_HTTP_HOST=0.0.0.0 TALENTBOT_HTTP_PORT=8080 \
    TALENTBOT_DATABASE_URL=sqlite:////data/talentbot.db TALENTBOT_CONFIG=/app/config/talentbot.toml
RUN useradd --create-home --uid 10001 talentbot && mkdir -p /data && chown talentbot /data
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY config ./config
USER talentbot
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import os,urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"TALENTBOT_HTTP_PORT\",\"8080\")}/healthz', timeout=4)"
CMD ["talentbot", "run"]
