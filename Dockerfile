# The app image: API server, CLI and the rasa-sdk action server share it.
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    ASSISTANT_ENV=production \
    API_HOST=0.0.0.0 \
    API_PORT=8000

WORKDIR /app
COPY pyproject.toml README.md ./
COPY assistant ./assistant
COPY api ./api
COPY nlu ./nlu
COPY actions ./actions
COPY geofences ./geofences
RUN pip install . && useradd --create-home assistant
USER assistant

EXPOSE 8000
CMD ["sh", "-c", "assistant db upgrade && assistant serve"]
