"""Load generation against real servers on this machine (`python -m benchmarks.bench_load`).

- `clients`: async WebSocket chat and HTTP drivers, bounded in connections and time, that
  only ever talk to 127.0.0.1;
- `world`: a scratch database seeded with the demo world, synthetic households, customer
  tokens and a till key;
- `servers`: scratch databases, the trained NLU model and uvicorn child processes.
"""
