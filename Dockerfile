# The back-care bot in a container: `docker build -t backcare-bot .`, then see compose.yaml.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# The project and its dependencies (on x86_64 every one has a wheel for Python 3.12: nothing is compiled).
COPY pyproject.toml run.py ./
COPY bot ./bot
COPY scheduler ./scheduler
RUN pip install . && rm -rf build ./*.egg-info

# The default content; mount your own folder over /app/content to change it without a rebuild.
COPY content ./content

# An unprivileged user (uid/gid 10001, numeric so Kubernetes runAsNonRoot can check it) owns only
# the data folder; the code and the content stay read-only to it.
RUN groupadd --system --gid 10001 backcare \
    && useradd --system --uid 10001 --gid backcare --home-dir /app --no-create-home --shell /usr/sbin/nologin backcare \
    && mkdir -p /app/data \
    && chown backcare:backcare /app/data \
    && chmod 0700 /app/data
USER 10001:10001

ENV BOT_DATABASE=/app/data/bot.sqlite3 \
    BOT_CONTENT_DIR=/app/content \
    MPLCONFIGDIR=/tmp/matplotlib
VOLUME ["/app/data", "/app/content"]

# No HEALTHCHECK yet, on purpose: the bot has no /healthz endpoint (TODO: add
# `HEALTHCHECK CMD python -c "..."` against it once it exists). What could be checked today (the
# database file opens, the process exists) stays true while a stuck bot answers no one, so it would
# report a hung bot as healthy. The process is PID 1: if it dies the container stops and the restart
# policy starts it again.

# The bot stops gracefully on SIGTERM (nothing more is claimed, sends on the wire finish) within ~5 s.
STOPSIGNAL SIGTERM
CMD ["python", "run.py"]
