# Hadath: the HTTP service. Build: docker build -t hadath .   Run: docker compose up
# Only PyPI and Debian are reached: uv comes from its PyPI wheel, dependencies from uv.lock.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_NO_CACHE=1
RUN pip install --no-cache-dir "uv==0.13.9"
WORKDIR /app
# Dependencies first, so code changes reuse this layer: the runtime alone, without the dev
# and build groups. --build-arg HADATH_EXTRAS=tracing adds OpenTelemetry (then OTEL_* variables
# turn tracing on); it stays out by default, since redis-py imports it at start-up when present.
ARG HADATH_EXTRAS=""
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project ${HADATH_EXTRAS:+--extra "$HADATH_EXTRAS"}
COPY service ./service
COPY seeds ./seeds
RUN python -m compileall -q service

FROM python:3.11-slim AS runtime
ENV PATH="/app/.venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HADATH_HOST=0.0.0.0 \
    HADATH_PORT=8000 \
    HADATH_WORKERS=2
WORKDIR /app
COPY --from=build /app /app
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('HADATH_PORT', '8000'), timeout=2)"]
# uvicorn stops accepting on SIGTERM and lets in-flight requests finish (8 s, below Docker's 10 s).
STOPSIGNAL SIGTERM
CMD ["python", "-m", "service", "serve"]
