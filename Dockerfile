# One image for web (gunicorn), worker and beat. Build: docker compose build

# Front-end assets from npm, exactly as pinned in package-lock.json (served by the app; no CDN).
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
COPY --from=assets /app/node_modules ./node_modules
# collectstatic needs settings to import; this throwaway key never reaches a running container.
RUN SECRET_KEY=build-only DATABASE_URL=postgres://build@localhost/build \
    python manage.py collectstatic --noinput \
    && useradd --system --uid 1000 --home /app xuncha \
    && mkdir -p /data/media \
    && chown -R xuncha /data

USER xuncha
EXPOSE 8000
# pg_dump/pg_restore for `manage.py backup`/`restore` come from the pgserver package (PostgreSQL 16).
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4", "--keep-alive", "30", "--access-logfile", "-"]
