# Bürgerbot: one image for the bot, the migration job and the Rasa action server.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN groupadd --system --gid 10001 buergerbot \
 && useradd --system --uid 10001 --gid buergerbot --home-dir /app --shell /usr/sbin/nologin buergerbot

WORKDIR /app

# Dependencies first, pinned by the lock file (make lock), so code changes reuse this layer.
COPY requirements.lock ./
RUN pip install --requirement requirements.lock

COPY pyproject.toml README.md ./
COPY office ./office
COPY storage ./storage
COPY app ./app
COPY nlu ./nlu
COPY actions ./actions
COPY bot ./bot
COPY config ./config
RUN pip install --no-deps . \
 # The NLU model is trained at build time, so no worker trains it at start.
 && buergerbot nlu train \
 && mkdir -p /app/data /app/metrics \
 && chown -R buergerbot:buergerbot /app/data /app/metrics

USER buergerbot
ENV BUERGERBOT_CONFIG=/app/config/brandenburg-havel.yaml
EXPOSE 8080 5055

HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4).status != 200)"

CMD ["buergerbot", "serve", "--host", "0.0.0.0", "--port", "8080"]
