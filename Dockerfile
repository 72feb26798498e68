# Production image of the app. The database is separate: see compose.yaml (PostGIS image).
FROM node:20-bookworm-slim AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy
RUN pip install --no-cache-dir uv
WORKDIR /app
COPY pyproject.toml README.md ./
COPY requirements/ requirements/
RUN uv venv .venv && VIRTUAL_ENV=.venv uv pip sync --require-hashes requirements/app.lock
COPY app/ app/
COPY geodata/ geodata/
COPY layers/ layers/
COPY migrations/ migrations/
COPY alembic.ini ./
COPY --from=frontend /src/frontend/dist frontend/dist
# Leaflet itself, inlined into the standalone HTML maps of site selection so they work offline.
COPY --from=frontend /src/frontend/node_modules/leaflet/dist frontend/node_modules/leaflet/dist
RUN VIRTUAL_ENV=.venv uv pip install --no-deps . && useradd --system --home /app industry-map
USER industry-map
ENV IM_HOST=0.0.0.0 PORT=8000
EXPOSE 8000
# DATABASE_URL must be set: the container never runs an embedded database.
CMD ["sh", "-c", ".venv/bin/industry-map migrate && .venv/bin/industry-map load && exec .venv/bin/industry-map serve"]
